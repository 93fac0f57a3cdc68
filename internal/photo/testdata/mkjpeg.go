//go:build ignore

// mkjpeg makes the JPEG fixtures of the photo tests in the formats Go's
// encoder does not write. It needs cjpeg (Debian: apt-get install
// libjpeg-turbo-progs); the tests themselves do not.
//
//	cd internal/photo/testdata && go run mkjpeg.go
//
// progressive-444.jpg is 600×400, progressive, without chroma subsampling:
// the decoder keeps every coefficient of every block until the end.
// rgb.jpg is 600×400 stored as RGB rather than YCbCr: the decoder converts
// it to RGBA at the end.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"os/exec"
)

func main() {
	const w, h = 600, 400
	ppm := fmt.Appendf(nil, "P6\n%d %d\n255\n", w, h)
	for y := range h {
		for x := range w {
			ppm = append(ppm, byte(x*255/w), byte(y*255/h), byte((x+y)%256))
		}
	}
	for name, args := range map[string][]string{
		"progressive-444.jpg": {"-quality", "85", "-sample", "1x1", "-progressive"},
		"rgb.jpg":             {"-quality", "85", "-rgb"},
	} {
		cmd := exec.Command("cjpeg", append(args, "-outfile", name)...)
		cmd.Stdin = bytes.NewReader(ppm)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name)
	}
}
