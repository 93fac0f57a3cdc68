package report

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

func BenchmarkPDFTenPages(b *testing.B) {
	var body strings.Builder
	for i := range 40 {
		fmt.Fprintf(&body, "## Deel %d\n\nDe patiënt vertelt: het *slapen* gaat beter, het **piekeren** minder. %s\n\n- een punt\n- nog één\n\n",
			i+1, strings.Repeat("Dit is een gewone zin uit het verslag. ", 12))
	}
	d := Document{Practice: "De Linde", Title: "Verslag", Body: body.String(), PageLabel: func(p, n int) string { return fmt.Sprint(p, n) }}
	b.ReportAllocs()
	for b.Loop() {
		if err := PDF(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFShort: a short report, as most are (a copy of the record makes one per report).
func BenchmarkPDFShort(b *testing.B) {
	d := Document{Practice: "Huisartsenpraktijk De Linde", Title: "Verslag", Details: []string{"Anna de Vries"},
		Body: "De bloeddruk was **goed**. Volgende controle over drie maanden.", PageLabel: func(p, n int) string { return "" }}
	b.ReportAllocs()
	for b.Loop() {
		if err := PDF(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
