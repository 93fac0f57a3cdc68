// Package locales holds every visible string in Dutch (the default) and English.
package locales

import (
	"embed"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed active.*.toml
var files embed.FS

// Languages are the supported languages, the default first.
var Languages = []string{"nl", "en"}

// Default is the language of a visitor who has not chosen one.
const Default = "nl"

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Bundle loads both locale files.
func Bundle() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.Dutch)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range Languages {
		if _, err := b.LoadMessageFileFS(files, "active."+l+".toml"); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Messages returns the messages of lang's file as go-i18n reads them (views precomputes the ones
// without arguments).
func Messages(lang string) ([]*i18n.Message, error) {
	name := "active." + lang + ".toml"
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	f, err := i18n.ParseMessageFileBytes(data, name, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		return nil, err
	}
	return f.Messages, nil
}

// Files returns the raw locale files by language, for the test that compares their keys.
func Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, l := range Languages {
		data, err := files.ReadFile("active." + l + ".toml")
		if err != nil {
			return nil, err
		}
		out[l] = data
	}
	return out, nil
}
