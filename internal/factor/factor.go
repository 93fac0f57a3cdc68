// Package factor holds the second factors' secrets and codes: authenticator-app codes (TOTP, RFC 6238)
// and the 6-digit codes sent by SMS (design.md §5).
package factor

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image/png"
	"math/big"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Period is the TOTP time step; authenticator apps use 30 seconds.
const Period = 30

var totpOpts = totp.ValidateOpts{Period: Period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a secret for an authenticator app, labelled with the clinic and the account.
func NewTOTP(issuer, account string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: Period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// TOTPKey rebuilds the key of a stored secret (to show its QR code again during setup).
func TOTPKey(issuer, account, secret string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: Period, Digits: otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1, Secret: mustDecode(secret)})
}

var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)

func mustDecode(secret string) []byte {
	b, err := base32NoPad.DecodeString(strings.ToUpper(secret))
	if err != nil {
		return nil
	}
	return b
}

// CheckTOTP accepts code if it belongs to the current time step or one step either side (clocks of
// phones drift), and only to a step after lastStep, so that a code cannot be used twice. It returns the
// step to store as the new lastStep.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = Normalize(code)
	if len(code) != 6 {
		return 0, false
	}
	current := now.Unix() / Period
	for _, step := range []int64{current - 1, current, current + 1} {
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*Period, 0).UTC(), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPCode is the code of secret at t (for tests and the demo).
func TOTPCode(secret string, t time.Time) string {
	c, _ := totp.GenerateCodeCustom(secret, t, totpOpts)
	return c
}

// QRCode returns the key's otpauth:// address as a PNG data URL for an <img> (the CSP allows data:
// images), so that the secret never leaves the page for a third-party QR service.
func QRCode(key *otp.Key) (string, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// GroupSecret writes a secret in groups of four for typing it by hand: "JBSW Y3DP EHPK 3PXP".
func GroupSecret(secret string) string {
	var parts []string
	for i := 0; i < len(secret); i += 4 {
		parts = append(parts, secret[i:min(i+4, len(secret))])
	}
	return strings.Join(parts, " ")
}

// NewCode returns a random 6-digit code for an SMS.
func NewCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// HashCode is what is stored for an SMS code: bound to the attempt it was sent for, so that a code
// of one sign-in is worthless in another.
func HashCode(boundTo, code string) string {
	sum := sha256.Sum256([]byte(boundTo + ":" + Normalize(code)))
	return hex.EncodeToString(sum[:])
}

// SameHash compares two hashes in constant time.
func SameHash(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// Normalize removes the spaces and dashes people type in codes ("123 456").
func Normalize(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, code)
}
