package views

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// menusMax bounds how many distinct menus a language keeps: the numbers beside the items make the
// menus many in theory, a handful in practice.
const menusMax = 1000

// menus renders the menu of one language (its "menu" template), each distinct menu once: the items
// differ only by the role, the areas the clinic offers, the current item and the numbers beside them,
// and every page shows its menu twice (phone and wide screen).
type menus struct {
	set   *template.Template // the shared templates, "menu" among them
	fold  bool               // fold its constants (fold.go) before the first rendering
	once  sync.Once
	err   error
	cache sync.Map // menuKey(items) → template.HTML
	size  atomic.Int64
}

// html returns the menu of items as "menu" renders it.
func (m *menus) html(items []MenuItem) (template.HTML, error) {
	m.once.Do(func() {
		if m.fold {
			m.err = fold(m.set, "menu")
		}
	})
	if m.err != nil {
		return "", m.err
	}
	key := menuKey(items)
	if h, ok := m.cache.Load(key); ok {
		return h.(template.HTML), nil
	}
	var b strings.Builder
	if err := m.set.ExecuteTemplate(&b, "menu", items); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if m.size.Load() < menusMax {
		if _, had := m.cache.LoadOrStore(key, h); !had {
			m.size.Add(1)
		}
	}
	return h, nil
}

// menuKey is everything of items that the menu shows.
func menuKey(items []MenuItem) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.Href)
		b.WriteByte(0)
		b.WriteString(it.Label)
		b.WriteByte(0)
		b.WriteString(it.BadgeLabel)
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(it.Badge, 10))
		if it.Current {
			b.WriteString("*")
		}
		b.WriteByte(1)
	}
	return b.String()
}
