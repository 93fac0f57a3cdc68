//go:build ignore

// mkheic makes the HEIC fixtures of the photo tests. It needs heif-enc
// (Debian: apt-get install libheif-examples); the tests themselves do not.
//
//	cd internal/photo/testdata && go run mkheic.go
//
// quadrants.heic is 640×480 in four colours: red, green / blue, yellow.
// quadrants-irot.heic holds the same picture stored turned a quarter to the
// left (480×640) with an irot box that turns it back, as iPhones do; heif-enc
// cannot write irot, so it is spliced in here.
// sps-4096.heic is a 4096×4096 stream of one colour (a few KB) whose ispe
// claims 640×480: libheif decodes a stream at the size its SPS says,
// whatever ispe claims.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"os/exec"
	"path/filepath"
)

var colours = [4]color.RGBA{{220, 30, 30, 255}, {30, 200, 30, 255}, {30, 30, 220, 255}, {240, 220, 20, 255}}

func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := 0
			if x >= w/2 {
				i++
			}
			if y >= h/2 {
				i += 2
			}
			m.SetRGBA(x, y, colours[i])
		}
	}
	return m
}

// turnLeft rotates m a quarter turn counter-clockwise.
func turnLeft(m *image.RGBA) *image.RGBA {
	b := m.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			out.Set(y, b.Dx()-1-x, m.At(x, y))
		}
	}
	return out
}

func encode(m image.Image) []byte {
	dir, err := os.MkdirTemp("", "mkheic")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.png")
	f, err := os.Create(in)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, m); err != nil {
		log.Fatal(err)
	}
	f.Close()
	tmp := filepath.Join(dir, "out.heic")
	cmd := exec.Command("heif-enc", "-q", "50", "-o", tmp, in)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(tmp)
	if err != nil {
		log.Fatal(err)
	}
	return data
}

func main() {
	plain := encode(quadrants(640, 480))
	write("quadrants.heic", plain)
	turned := encode(turnLeft(quadrants(640, 480)))
	write("quadrants-irot.heic", addIrot(turned, 3)) // 3 × 90° counter-clockwise
	write("sps-4096.heic", setIspe(encode(solid(4096, 4096)), 640, 480))
}

func solid(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		copy(m.Pix[i:], []byte{200, 100, 50, 255})
	}
	return m
}

// setIspe makes the (only) ispe box claim w×h.
func setIspe(data []byte, w, h uint32) []byte {
	i := bytes.Index(data, []byte("ispe"))
	if i < 0 {
		log.Fatal("no ispe box")
	}
	binary.BigEndian.PutUint32(data[i+8:], w) // after the version and flags
	binary.BigEndian.PutUint32(data[i+12:], h)
	return data
}

func write(name string, data []byte) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d bytes\n", name, len(data))
}

type box struct {
	typ        string
	start, end int // whole box, header included
	body       int // start of the payload (after a full box's version/flags)
}

func children(data []byte, from, to int) []box {
	var out []box
	for i := from; i+8 <= to; {
		n := int(binary.BigEndian.Uint32(data[i:]))
		if n < 8 || i+n > to {
			log.Fatalf("bad box at %d", i)
		}
		b := box{typ: string(data[i+4 : i+8]), start: i, end: i + n, body: i + 8}
		switch b.typ {
		case "meta", "iloc", "ipma", "pitm":
			b.body += 4 // full box
		}
		out = append(out, b)
		i += n
	}
	return out
}

func find(bs []box, typ string) box {
	for _, b := range bs {
		if b.typ == typ {
			return b
		}
	}
	log.Fatalf("no %s box", typ)
	return box{}
}

// addIrot gives the primary item of a single-image HEIF written by heif-enc
// an irot property. Only the layout heif-enc writes is handled (meta before
// mdat, iloc version 0 or 1 with construction method 0, ipma version 0).
func addIrot(data []byte, angle byte) []byte {
	top := children(data, 0, len(data))
	meta := find(top, "meta")
	inMeta := children(data, meta.body, meta.end)
	iloc, pitm, iprp := find(inMeta, "iloc"), find(inMeta, "pitm"), find(inMeta, "iprp")
	inIprp := children(data, iprp.body, iprp.end)
	ipco, ipma := find(inIprp, "ipco"), find(inIprp, "ipma")
	if data[ipma.start+8] != 0 || data[ipma.start+11]&1 != 0 {
		log.Fatal("only ipma version 0 with 7-bit indices is handled")
	}
	primary := binary.BigEndian.Uint16(data[pitm.body:])
	index := byte(len(children(data, ipco.body, ipco.end)) + 1)

	irot := []byte{0, 0, 0, 9, 'i', 'r', 'o', 't', angle & 3}
	// New ipma: the same entries, the primary one with one more association,
	// marked essential as transformative properties must be.
	newIpma := append([]byte{}, data[ipma.start:ipma.body]...)
	n := int(binary.BigEndian.Uint32(data[ipma.body:]))
	newIpma = append(newIpma, data[ipma.body:ipma.body+4]...)
	p := ipma.body + 4
	for k := 0; k < n; k++ {
		item := binary.BigEndian.Uint16(data[p:])
		count := int(data[p+2])
		assoc := data[p+3 : p+3+count]
		if item == primary {
			newIpma = append(newIpma, data[p], data[p+1], byte(count+1))
			newIpma = append(newIpma, assoc...)
			newIpma = append(newIpma, 0x80|index)
		} else {
			newIpma = append(newIpma, data[p:p+3+count]...)
		}
		p += 3 + count
	}
	binary.BigEndian.PutUint32(newIpma, uint32(len(newIpma)))
	grow := len(irot) + len(newIpma) - (ipma.end - ipma.start)

	var out []byte
	out = append(out, data[:ipco.end]...)
	out = append(out, irot...)
	out = append(out, data[ipco.end:ipma.start]...)
	out = append(out, newIpma...)
	out = append(out, data[ipma.end:]...)
	for _, b := range []box{meta, iprp} {
		binary.BigEndian.PutUint32(out[b.start:], uint32(b.end-b.start+grow))
	}
	binary.BigEndian.PutUint32(out[ipco.start:], uint32(ipco.end-ipco.start+len(irot)))
	shiftIloc(out[iloc.start:iloc.end], grow)
	return out
}

// shiftIloc moves every extent by d: the data in mdat moved that far.
func shiftIloc(b []byte, d int) {
	version := b[8]
	offSize, lenSize := int(b[12]>>4), int(b[12]&15)
	baseSize, idxSize := int(b[13]>>4), int(b[13]&15)
	if version > 1 || offSize != 4 {
		log.Fatal("iloc layout not handled")
	}
	if version == 0 {
		idxSize = 0
	}
	p := 14
	items := int(binary.BigEndian.Uint16(b[p:]))
	p += 2
	for k := 0; k < items; k++ {
		p += 2 // item ID
		if version == 1 {
			if b[p+1]&15 != 0 {
				log.Fatal("only construction method 0 is handled")
			}
			p += 2
		}
		p += 2 + baseSize // data reference index, base offset
		extents := int(binary.BigEndian.Uint16(b[p:]))
		p += 2
		for e := 0; e < extents; e++ {
			p += idxSize
			off := binary.BigEndian.Uint32(b[p:])
			binary.BigEndian.PutUint32(b[p:], off+uint32(d))
			p += 4 + lenSize
		}
	}
}
