package handlers

import "strings"

// cleanText normalises line endings so that text is stored exactly as typed, whatever the browser sent.
func cleanText(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
