// Command balie is a self-hosted patient portal for small Dutch clinics: one binary serves the portal
// for patients and the back office for staff from one SQLite file. See README.md.
package main

import (
	_ "embed"
	"os"

	"balie/internal/cli"
)

//go:embed schema.sql
var schema string

func main() {
	os.Exit(cli.Main(os.Args[1:], schema, os.Stdout, os.Stderr))
}
