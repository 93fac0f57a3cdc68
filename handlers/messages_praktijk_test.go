package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// An inbox longer than a page goes on to the next page: no conversation is out of reach.
func TestInboxPages(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	now := testStart
	for i := range 60 {
		if _, err := a.db.Write.Exec(`INSERT INTO message_threads (patient_id, practitioner_id, kind, subject, created_at, last_message_at)
			VALUES (?, NULL, 'message', ?, ?, ?)`, a.people[i%len(a.people)].ID, fmt.Sprintf("Vraag %02d", i), now, now.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	sc := a.staffClient("assistant")
	first := sc.get("/praktijk/berichten?lijst=team")
	if n := first.Doc.Find(".entry-list li").Length(); n != 50 {
		t.Fatalf("%d conversations on the first page", n)
	}
	next, ok := first.Doc.Find(`.pager a[rel=next]`).Attr("href")
	if !ok {
		t.Fatal("no way to the older conversations")
	}
	second := sc.get(next)
	if n := second.Doc.Find(".entry-list li").Length(); n != 10 || second.Doc.Find(`.pager a[rel=next]`).Length() != 0 ||
		second.Doc.Find(`.pager a[rel=prev]`).Length() != 1 || !strings.Contains(second.Text(".entry-list"), "Vraag 00") {
		t.Fatalf("second page: %d conversations", n)
	}
}
