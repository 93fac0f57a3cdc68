package handlers

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"
)

// Long lists (patients, inboxes, and the agenda, dossier, results and access log to come) are read a
// page at a time from a cursor, never with OFFSET: a page is the rows after (or, read backwards, before)
// the row where the last page ended, so that page 400 costs what page 1 costs. The cursor names that row
// by its sort key or, better, by its id, whose key the query looks up (no names in addresses); a list
// whose rows move in its order (an inbox: a conversation rises when someone writes in it) carries the sort
// key itself, which holds no names, so that its pages stay put (handlers/messages_praktijk.go). Each list
// sorts on its columns plus a unique tiebreaker (the id), has an index in that order that the query
// seeks at the cursor, and reads one row more than a page to know whether another page follows. A count, where the page shows one, stops at
// countCap+1 rows: "meer dan 1.000" is all anyone reads of a larger number.
//
// The pattern, as handlers/patients_praktijk.go uses it:
//
//	cur := readCursor[int64](c)                               // ?na=… or ?voor=…
//	rows := query(cur.Key, cur.Back, limit pageSize+1, cap countCap+1)
//	page, pg := pageOf(rows, pageSize, cur, idOf, base, keep)  // in order, with links that keep keep
//	pg.Count = total                                          // from the same statement
//
// and its view shows {{template "list-count" …}} and {{template "pager" …}} (views/pager.html).

// countCap is where a list's count stops. The locale's "count_more" texts say its number.
const countCap = 1000

// The query parameters of a cursor: the page after a key, or the page before it.
const (
	cursorAfter  = "na"
	cursorBefore = "voor"
)

// cursor is where a page of a list starts: after Key, or before it when Back. The zero cursor is the
// first page.
type cursor[K any] struct {
	Key  K
	Back bool
	Set  bool
}

// readCursor reads a list's cursor from the address. A cursor that does not decode into K is the first
// page: an old, cut-off or edited link shows the list from its start rather than an error. A cursor
// cannot reach anything the list's query does not show, so it needs no signature.
func readCursor[K any](c echo.Context) cursor[K] {
	for _, p := range []struct {
		name string
		back bool
	}{{cursorAfter, false}, {cursorBefore, true}} {
		v := c.QueryParam(p.name)
		if v == "" {
			continue
		}
		var k K
		b, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil || json.Unmarshal(b, &k) != nil {
			return cursor[K]{}
		}
		return cursor[K]{Key: k, Back: p.back, Set: true}
	}
	return cursor[K]{}
}

// pager is what views/pager.html shows of a list: its count and the addresses of the pages around the
// one shown ("" when there is none). Words is the list's locale prefix: <Words>.count, .count_one and
// .count_more ("Meer dan 1.000 patiënten").
type pager struct {
	Words      string
	Count      int64 // rows in the list, counted up to countCap+1
	Prev, Next string
}

// More reports whether the list has more rows than its count says.
func (p pager) More() bool { return p.Count > countCap }

// pageOf makes the page of a list from rows read from cur with a limit of size+1 (backwards when
// cur.Back): at most size rows in the list's order, and links to the pages before and after it, at base
// with the query values keep (the list's search and filters) and a cursor made by key.
func pageOf[T, K any](rows []T, size int, cur cursor[K], key func(T) K, base string, keep url.Values) ([]T, pager) {
	more := len(rows) > size
	if more {
		rows = rows[:size]
	}
	var pg pager
	if len(rows) == 0 {
		return rows, pg
	}
	before, after := cur.Set, more // read forwards from a cursor: something lies before it
	if cur.Back {
		slices.Reverse(rows)
		before, after = more, true
	}
	if before {
		pg.Prev = cursorURL(base, keep, cursorBefore, key(rows[0]))
	}
	if after {
		pg.Next = cursorURL(base, keep, cursorAfter, key(rows[len(rows)-1]))
	}
	return rows, pg
}

// convertRows turns the rows of one query of a list into those of another with the same columns: a
// list's After and Before queries (and a search's) differ in sqlc's row types only.
func convertRows[From, To any](rows []From, err error, conv func(From) To) ([]To, error) {
	if err != nil {
		return nil, err
	}
	out := make([]To, len(rows))
	for i, r := range rows {
		out[i] = conv(r)
	}
	return out, nil
}

// toFirstPage answers a cursor past either end of a list (an old or edited link) with its first page.
func toFirstPage(c echo.Context, base string, keep url.Values) error {
	if len(keep) > 0 {
		base += "?" + keep.Encode()
	}
	return c.Redirect(http.StatusSeeOther, base)
}

// cursorURL is the address of the page after (or before) key.
func cursorURL(base string, keep url.Values, param string, key any) string {
	b, err := json.Marshal(key)
	if err != nil { // keys are plain structs of strings, numbers and times
		panic(err)
	}
	v := url.Values{}
	for k, vs := range keep {
		v[k] = vs
	}
	v.Set(param, base64.RawURLEncoding.EncodeToString(b))
	return base + "?" + v.Encode()
}
