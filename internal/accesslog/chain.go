package accesslog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"balie/queries"
)

// The access log is a hash chain (NEN 7513: tamper-evident): each row's hash is SHA-256 over its id, its
// content and the hash of the row before it (prev_hash). Editing a row changes its hash; deleting one
// leaves a gap that the next row's id and prev_hash show. Rows are chained where they are inserted
// (Insert): always in a write transaction on the single writer, which reads the last link and inserts
// after it, so that concurrent requests' rows (group commit, and changes in their own transactions)
// follow one another in one chain. The schema's trigger refuses a row that does not attach to the last
// one, whoever writes it. Without a secret, someone who may write the file can rebuild the whole chain:
// verify-log prints the last hash, so that a copy of it kept elsewhere pins the log up to that row.

// genesis is the prev_hash of the first row.
var genesis = make([]byte, sha256.Size)

// link is the end of the chain: the last row's id and hash.
type link struct {
	id   int64
	hash []byte
}

// lastLink reads the end of the chain in q's transaction.
func lastLink(ctx context.Context, q *queries.Queries) (link, error) {
	r, err := q.LastAccessLogLink(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return link{hash: genesis}, nil
	}
	return link{id: r.ID, hash: r.Hash}, err
}

// rowHash is the hash of the row id with entry e after the row whose hash is prev. Every field is
// written with its length, so that no two rows encode alike.
func rowHash(id int64, e Entry, prev []byte) []byte {
	h := sha256.New()
	var buf []byte
	num := func(n int64) { buf = binary.BigEndian.AppendUint64(buf, uint64(n)) }
	str := func(s string) { buf = binary.AppendUvarint(buf, uint64(len(s))); buf = append(buf, s...) }
	num(id)
	str(e.At.UTC().Format(time.RFC3339Nano))
	num(e.ActorID)
	str(e.ActorRole)
	num(e.OnBehalfOf)
	num(e.PatientID)
	str(e.ObjectType)
	num(e.ObjectID)
	str(e.Action)
	str(e.Outcome)
	str(e.Address)
	str(e.RequestID)
	if e.ShareCodeID != 0 { // rows without a share code hash as they did before the column came
		num(e.ShareCodeID)
	}
	h.Write(buf)
	h.Write(prev)
	return h.Sum(nil)
}

// entryOf is the Entry a stored row was written from.
func entryOf(r queries.AccessLog) Entry {
	return Entry{At: r.At, ActorID: r.ActorID.Int64, ActorRole: r.ActorRole, OnBehalfOf: r.OnBehalfOf.Int64,
		PatientID: r.PatientID.Int64, ObjectType: r.ObjectType, ObjectID: r.ObjectID.Int64, Action: r.Action,
		Outcome: r.Outcome, Address: r.Address, RequestID: r.RequestID, ShareCodeID: r.ShareCodeID.Int64}
}

// Break is where the chain breaks: the first row whose content, link or place is not what the chain
// says.
type Break struct {
	ID     int64  // the row
	Reason string // what is wrong with it
}

func (b *Break) Error() string {
	return fmt.Sprintf("the access log's chain breaks at row %d: %s", b.ID, b.Reason)
}

// Verified is what Verify found in a whole chain.
type Verified struct {
	Rows     int64
	LastHash []byte
}

// verifyBatch is how many rows Verify reads at a time: memory stays flat whatever the log's size.
const verifyBatch = 1000

// Verify walks the whole log in its order and recomputes the chain. It returns a *Break at the first row
// that was changed (its hash), that follows a deleted row (its id and prev_hash), or whose hash was
// rebuilt without the row before it.
func Verify(ctx context.Context, q *queries.Queries) (Verified, *Break, error) {
	var v Verified
	last := link{hash: genesis}
	for {
		rows, err := q.ListAccessLogChain(ctx, queries.ListAccessLogChainParams{After: last.id, Limit: verifyBatch})
		if err != nil {
			return v, nil, err
		}
		for _, r := range rows {
			switch {
			case r.ID != last.id+1:
				return v, &Break{r.ID, fmt.Sprintf("rows %d to %d are missing", last.id+1, r.ID-1)}, nil
			case !bytes.Equal(r.PrevHash, last.hash):
				return v, &Break{r.ID, "it does not link to the row before it (that row was changed or replaced)"}, nil
			case !bytes.Equal(r.Hash, rowHash(r.ID, entryOf(r), r.PrevHash)):
				return v, &Break{r.ID, "its content does not match its hash (the row was changed)"}, nil
			}
			last = link{id: r.ID, hash: r.Hash}
			v.Rows++
		}
		if len(rows) < verifyBatch {
			v.LastHash = last.hash
			return v, nil, nil
		}
	}
}
