package handlers

import "strings"

// absoluteURL is the address of path as people outside reach it (mails).
func (s *Server) absoluteURL(path string) string { return strings.TrimRight(s.cfg.BaseURL, "/") + path }
