package handlers_test

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"balie/internal/photo"
)

// Photos whose header claims far more pixels than their bytes hold: decoded, each would take hundreds of
// megabytes or more.

// pngBomb is a complete, valid PNG of 7000×7000 16-bit RGBA pixels, all zero, which deflate packs into
// less than 400 KB: the upload that took the server to 2 GB (392 MB once decoded).
func pngBomb(t testing.TB) []byte {
	t.Helper()
	pngBombOnce.Do(func() {
		const side = 7000
		chunk := func(out []byte, typ string, body []byte) []byte {
			c := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
			c = append(append(c, typ...), body...)
			return append(out, binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))...)
		}
		ihdr := binary.BigEndian.AppendUint32(nil, side)
		ihdr = binary.BigEndian.AppendUint32(ihdr, side)
		ihdr = append(ihdr, 16, 6, 0, 0, 0) // 16-bit RGBA, not interlaced
		var idat bytes.Buffer
		z := zlib.NewWriter(&idat)
		row := make([]byte, 1+side*8) // filter byte, then 8 bytes a pixel
		for range side {
			z.Write(row)
		}
		z.Close()
		out := chunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", ihdr)
		out = chunk(out, "IDAT", idat.Bytes())
		pngBombData = chunk(out, "IEND", nil)
	})
	return pngBombData
}

var (
	pngBombOnce sync.Once
	pngBombData []byte
)

// jpegBomb is a small JPEG whose frame header claims 65000×65000 pixels.
func jpegBomb(t testing.TB) []byte {
	t.Helper()
	data := testJPEG(t, 64, 48)
	sof := bytes.Index(data, []byte{0xFF, 0xC0})
	if sof < 0 {
		t.Fatal("no frame header")
	}
	// marker(2) length(2) precision(1), then height and width
	binary.BigEndian.PutUint16(data[sof+5:], 65000)
	binary.BigEndian.PutUint16(data[sof+7:], 65000)
	return data
}

// heicBomb is the HEIC fixture with its image size (ispe) claiming 20000×20000 pixels.
func heicBomb(t testing.TB) []byte {
	t.Helper()
	data := bytes.Clone(heicFixture(t))
	i := bytes.Index(data, []byte("ispe"))
	if i < 0 {
		t.Fatal("no ispe box")
	}
	// type(4) version and flags(4), then width and height
	binary.BigEndian.PutUint32(data[i+8:], 20000)
	binary.BigEndian.PutUint32(data[i+12:], 20000)
	return data
}

// maxMegapixels is the limit the patient is told for a photo like data.
func maxMegapixels(t testing.TB, data []byte) int {
	t.Helper()
	_, err := photo.Process(context.Background(), data)
	n := photo.MaxMegapixels(err)
	if n < 1 {
		t.Fatalf("Process = %v, limit %d megapixels", err, n)
	}
	return n
}

func TestPhotoBombsAreRefused(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	pc := a.patientClient(0)
	bombs := []upload{{"scherm.png", pngBomb(t)}, {"groot.jpg", jpegBomb(t)}, {"IMG_0002.HEIC", heicBomb(t)}}

	// With an e-consult: each is refused with the limit for its kind, and the question typed stays.
	typed := url.Values{"titel": {"Wrat"}, "tekst": {"Mijn vraag"}}
	p := pc.postFiles("/berichten/vraag/concept", typed, bombs...)
	wantStatus(t, p, http.StatusUnprocessableEntity)
	errs := p.Problems("#foto-error")
	if len(errs) != len(bombs) {
		t.Fatalf("photo errors %q", errs)
	}
	for i, b := range bombs {
		want := a.T("econsult.photo_too_many_pixels", "Name", b.Name, "Max", maxMegapixels(t, b.Data))
		if got := errs[i]; got != want {
			t.Errorf("%s: %q, want %q", b.Name, got, want)
		}
	}
	if p.Doc.Find("#econsult-photos img").Length() != 0 || p.Doc.Find("#tekst").Text() != "Mijn vraag" {
		t.Fatal("a photo was kept, or the text was lost")
	}

	// In Documenten, where photos are re-encoded too.
	for _, b := range bombs {
		p := pc.postDocument("Scan van de brief", b.Name, b.Data)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if got, want := p.Problem("#bestand-error"), a.T("documents.too_many_pixels", "Name", b.Name, "Max", maxMegapixels(t, b.Data)); got != want {
			t.Errorf("%s: %q, want %q", b.Name, got, want)
		}
		if v, _ := p.Doc.Find("#titel").Attr("value"); v != "Scan van de brief" {
			t.Fatal("the title was not kept")
		}
	}
}

// A bomb and a real 12 MP photo, uploaded to a server in a process of its own, leave its memory well under
// 300 MB. The parent runs this test again as the child and reads the child's peak resident memory.
func TestPhotoUploadsStayWithinMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the peak memory from /proc")
	}
	if os.Getenv("BALIE_PHOTO_MEMORY_CHILD") != "" {
		photoMemoryChild(t)
		return
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPhotoUploadsStayWithinMemory$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "BALIE_PHOTO_MEMORY_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var peak, base int64 = -1, -1
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fmt.Sscanf(strings.TrimSpace(sc.Text()), "photo-memory: base %d kB peak %d kB", &base, &peak)
	}
	if peak < 0 {
		t.Fatalf("the child did not report its memory:\n%s", out)
	}
	t.Logf("resident memory: %d MB before the uploads, at most %d MB", base>>10, peak>>10)
	if peak > 300<<10 {
		t.Errorf("the server took %d MB for the uploads, want well under 300 MB", peak>>10)
	}
}

func photoMemoryChild(t *testing.T) {
	a := newTestApp(t)
	pc := a.patientClient(0)
	bomb, big := pngBomb(t), photo12MP(t)
	base := peakRSS(t)
	wantStatus(t, pc.postDocument("Schermafdruk", "scherm.png", bomb), http.StatusUnprocessableEntity)
	p := pc.postFiles("/berichten/vraag/concept", url.Values{"titel": {"Wrat"}}, upload{"scherm.png", bomb})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	wantStatus(t, pc.postDocument("Foto van de wond", "IMG_0003.JPG", big), http.StatusSeeOther)
	fmt.Printf("photo-memory: base %d kB peak %d kB\n", base, peakRSS(t))
}

// photo12MP is a 4032×3024 JPEG as a phone makes it, built in its own YCbCr planes so that the test itself
// takes little memory.
func photo12MP(t testing.TB) []byte {
	t.Helper()
	m := image.NewYCbCr(image.Rect(0, 0, 4032, 3024), image.YCbCrSubsampleRatio420)
	for y := range 3024 {
		for x := range 4032 {
			m.Y[y*m.YStride+x] = uint8(x*200/4032 + (x*7+y*13)%17)
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(100+i%40), uint8(150-i%30)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	if b.Len() > photo.MaxBytes {
		t.Fatalf("the 12 MP photo is %d bytes, over the upload limit", b.Len())
	}
	return b.Bytes()
}

// peakRSS is the process's peak resident memory so far, in kB.
func peakRSS(t testing.TB) int64 {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}
