package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"
)

// The ways a handler sends the browser elsewhere. After a change, a handler redirects with 303 (and
// with a notice: redirectWithNotice); navigate is for answers that an htmx request may get.

// navigate sends the browser to target: a 303 for a page, or for an htmx request (which does not
// follow a 303 into a whole page) a 401 with HX-Redirect, which makes htmx load the page.
func navigate(c echo.Context, target string) error {
	if c.Request().Header.Get("HX-Request") == "true" {
		c.Response().Header().Set("HX-Redirect", target)
		return c.NoContent(http.StatusUnauthorized)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// localPath returns p if it is a clean path on this site, else "/": the return address of a form must
// not send anyone elsewhere. Browsers drop tabs and newlines from an address and read a backslash as a
// slash, so "/<tab>/evil.example" and "/<backslash>evil.example" lead to another site: a path with a
// backslash or a control character is refused, written plainly or percent-encoded.
func localPath(p string) string {
	decoded, err := url.PathUnescape(p)
	if err != nil || !cleanLocalPath(p) || !cleanLocalPath(decoded) {
		return "/"
	}
	return p
}

// cleanLocalPath reports whether p begins with a single "/" and holds no backslash or control character.
func cleanLocalPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	return !strings.ContainsFunc(p, func(r rune) bool { return r == '\\' || unicode.IsControl(r) })
}

// withQuery adds one query parameter to a local path that may already have a query string.
func withQuery(path, param string) string {
	path, fragment, hasFragment := strings.Cut(path, "#") // the query goes before a "#part" of the page
	if strings.Contains(path, "?") {
		path += "&" + param
	} else {
		path += "?" + param
	}
	if hasFragment {
		path += "#" + fragment
	}
	return path
}

// redirectBack answers a form post with 303 to the local path in the form field "terug".
func redirectBack(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("terug")))
}
