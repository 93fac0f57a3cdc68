package views

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"text/template/parse"
)

// constFuncs are the template funcs whose result depends only on their arguments and the page set's
// language: called with literals only, they print the same text on every page.
var constFuncs = map[string]bool{"t": true, "asset": true}

// fold turns every action of a page set that prints a constant — {{t "layout.skip"}},
// {{asset "app.css"}}, a translation with literal arguments — into the text it prints, so that the frame
// every page has costs no function calls (through reflection, the escaper's included) per request.
//
// It escapes the set first, through its entries (html/template does that at their first execution), so that each action's
// contextual escapers are in its pipeline, and then evaluates each constant action once by executing
// it alone: the text is what the action would print, byte for byte. Templates html/template did not
// escape (not used by this page) are left alone: executing them would escape them as they are then.
// entries are the templates the set is executed by.
func fold(set *template.Template, entries ...string) error {
	for _, name := range entries {
		// Without data the execution stops early or prints nothing of use; only escaping matters here.
		var escErr *template.Error
		if err := set.ExecuteTemplate(io.Discard, name, nil); errors.As(err, &escErr) {
			return err
		}
	}
	for _, t := range set.Templates() {
		if t.Tree == nil || t.Tree.Root == nil || !escaped(t.Tree.Root) {
			continue // not used by this page, or prints nothing: executing it here would escape it
		}
		if err := foldList(t, t.Tree.Root); err != nil {
			return err
		}
	}
	return nil
}

// foldList folds the constant actions and arguments in list and in the branches inside it.
func foldList(t *template.Template, list *parse.ListNode) error {
	if list == nil {
		return nil
	}
	for i, n := range list.Nodes {
		var err error
		switch n := n.(type) {
		case *parse.ActionNode:
			if err = foldArgs(t, n.Pipe); err != nil || !constant(n.Pipe) {
				break
			}
			var text string
			if text, err = evaluate(t, n.Pipe); err == nil {
				list.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
			}
		case *parse.TemplateNode:
			err = foldArgs(t, n.Pipe)
		case *parse.ListNode:
			err = foldList(t, n)
		default:
			if b := branchOf(n); b != nil {
				err = errors.Join(foldArgs(t, b.Pipe), foldList(t, b.List), foldList(t, b.ElseList))
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// foldArgs turns the constant calls among pipe's arguments, such as the labels in
// (field .Form "day" (t "form.day")), into the strings they return.
func foldArgs(t *template.Template, pipe *parse.PipeNode) error {
	if pipe == nil {
		return nil
	}
	for _, c := range pipe.Cmds {
		for i, a := range c.Args {
			p, ok := a.(*parse.PipeNode)
			if !ok {
				continue
			}
			if err := foldArgs(t, p); err != nil {
				return err
			}
			if p.IsAssign || len(p.Decl) > 0 || len(p.Cmds) != 1 || !constCall(p.Cmds[0]) {
				continue
			}
			s, err := evaluate(t, p) // printed unescaped: an argument's pipeline has no escapers
			if err != nil {
				return err
			}
			c.Args[i] = &parse.StringNode{NodeType: parse.NodeString, Pos: p.Pos, Quoted: strconv.Quote(s), Text: s}
		}
	}
	return nil
}

// branchOf is the branch of an if, range or with node, else nil.
func branchOf(n parse.Node) *parse.BranchNode {
	switch n := n.(type) {
	case *parse.IfNode:
		return &n.BranchNode
	case *parse.RangeNode:
		return &n.BranchNode
	case *parse.WithNode:
		return &n.BranchNode
	}
	return nil
}

// escaped reports whether html/template has escaped the template of list: its actions end in escapers.
func escaped(list *parse.ListNode) bool {
	if list == nil {
		return false
	}
	for _, n := range list.Nodes {
		var found bool
		switch n := n.(type) {
		case *parse.ActionNode:
			last := n.Pipe.Cmds[len(n.Pipe.Cmds)-1].Args[0]
			id, ok := last.(*parse.IdentifierNode)
			found = ok && strings.HasPrefix(id.Ident, "_html_template_")
		case *parse.ListNode:
			found = escaped(n)
		default:
			if b := branchOf(n); b != nil {
				found = escaped(b.List) || escaped(b.ElseList)
			}
		}
		if found {
			return true
		}
	}
	return false
}

// constant reports whether pipe is a constant call followed by html/template's escapers only.
func constant(pipe *parse.PipeNode) bool {
	if pipe == nil || pipe.IsAssign || len(pipe.Decl) > 0 || len(pipe.Cmds) < 2 || !constCall(pipe.Cmds[0]) {
		return false
	}
	for _, c := range pipe.Cmds[1:] {
		if len(c.Args) != 1 {
			return false
		}
		if e, ok := c.Args[0].(*parse.IdentifierNode); !ok || !strings.HasPrefix(e.Ident, "_html_template_") {
			return false
		}
	}
	return true
}

// constCall reports whether c calls one of constFuncs with literals only.
func constCall(c *parse.CommandNode) bool {
	if f, ok := c.Args[0].(*parse.IdentifierNode); !ok || !constFuncs[f.Ident] {
		return false
	}
	for _, a := range c.Args[1:] {
		if _, ok := a.(*parse.StringNode); !ok {
			return false
		}
	}
	return true
}

// evaluate executes pipe as an action alone in t (escaped already, so executing does not escape it
// again) and returns what it prints.
func evaluate(t *template.Template, pipe *parse.PipeNode) (string, error) {
	action := &parse.ActionNode{NodeType: parse.NodeAction, Pos: pipe.Pos, Pipe: pipe}
	root, cmds := t.Tree.Root, len(pipe.Cmds)
	defer func() { t.Tree.Root = root }()
	t.Tree.Root = &parse.ListNode{NodeType: parse.NodeList, Pos: action.Pos, Nodes: []parse.Node{action}}
	var b bytes.Buffer
	err := t.Execute(&b, nil)
	if len(pipe.Cmds) != cmds {
		// Executing escaped the lone action: t was not escaped, and html/template now takes it for escaped.
		return "", fmt.Errorf("views: %s was folded before it was escaped", t.Name())
	}
	if err != nil {
		return "", fmt.Errorf("views: %s: %s: %w", t.Name(), action, err)
	}
	return b.String(), nil
}
