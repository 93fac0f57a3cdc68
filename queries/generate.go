// Package queries holds the SQL of every area (*.sql), the Go that sqlc generates from it, and the
// hand-written code that opens the database.
package queries

//go:generate go run github.com/sqlc-dev/sqlc/cmd/sqlc@v1.31.1 generate -f ../sqlc.yaml
