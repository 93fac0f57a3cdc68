package token

import (
	"crypto/rand"
	"math/big"
	"strings"
)

// shareAlphabet has no two characters that are easily mistaken for one another when read aloud or
// typed from paper (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const shareAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// ShareCodeLength is the number of characters of a share code: 25^10 ≈ 10^14 codes, against at most a
// few guesses per code and per address.
const ShareCodeLength = 10

// NewShareCode returns a random share code as the patient is shown it (two groups of five, "K7MQP-TX4CA")
// and the hash to store.
func NewShareCode() (shown, hash string, err error) {
	b := make([]byte, ShareCodeLength)
	max := big.NewInt(int64(len(shareAlphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", "", err
		}
		b[i] = shareAlphabet[n.Int64()]
	}
	raw := string(b)
	return raw[:5] + "-" + raw[5:], Hash(raw), nil
}

// ShareCodeHash is the stored hash of a typed share code: case, spaces and dashes do not matter.
func ShareCodeHash(typed string) string {
	typed = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(typed))
	return Hash(typed)
}
