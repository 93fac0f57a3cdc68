package agenda

import "time"

// CanCancel reports whether a patient may still cancel an appointment of a cancellable kind that starts
// at start: up to cancelHours before it (the practice's setting), not after. At the boundary itself the
// patient may still cancel.
func CanCancel(cancellable bool, start, now time.Time, cancelHours int64) bool {
	return cancellable && !now.After(start.Add(-time.Duration(cancelHours)*time.Hour))
}
