package photo

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// heicClaiming is the HEIC fixture with its ispe claiming w×h.
func heicClaiming(t testing.TB, w, h uint32) []byte {
	t.Helper()
	data := bytes.Clone(readFixture(t, "quadrants.heic"))
	i := bytes.Index(data, []byte("ispe"))
	binary.BigEndian.PutUint32(data[i+8:], w)
	binary.BigEndian.PutUint32(data[i+12:], h)
	return data
}

func TestReadHEICHeader(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name          string
		width, height int
		pixels        float64 // that the decode allocates for
	}{
		{"quadrants.heic", 640, 480, 640 * 480},
		{"quadrants-irot.heic", 480, 640, 480 * 640}, // ispe is the stored size, before irot turns it
		// ispe claims 640×480, but the stream's SPS asks libde265 for 4096×4096.
		{"sps-4096.heic", 640, 480, 4096 * 4096},
	} {
		h, err := readHeader("heic", readFixture(t, tt.name))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		want := int64(tt.pixels*heicBytesPerPixel) + heicFixedBytes
		if h.width != tt.width || h.height != tt.height || h.decodeBytes != want {
			t.Errorf("%s: %d×%d for %d bytes, want %d×%d for %d", tt.name, h.width, h.height, h.decodeBytes, tt.width, tt.height, want)
		}
	}
}

// A parameter set in the image data replaces the one in hvcC: its size counts too.
func TestHEICStreamSizeInTheData(t *testing.T) {
	t.Parallel()
	f, err := parseHEIF(readFixture(t, "quadrants.heic"))
	if err != nil {
		t.Fatal(err)
	}
	big, err := parseHEIF(readFixture(t, "sps-4096.heic"))
	if err != nil {
		t.Fatal(err)
	}
	units, _ := hvcCUnits(big.property(big.primary, "hvcC"))
	var sps []byte
	for _, u := range units {
		if (u[0]>>1)&0x3F == 33 {
			sps = u
		}
	}
	if sps == nil {
		t.Fatal("no SPS in the fixture")
	}
	// The SPS, as a NAL unit with a 4-byte length, becomes the item's first extent.
	loc := f.locations[f.primary]
	loc.extents = append([][2]uint64{{uint64(len(f.data)), uint64(4 + len(sps))}}, loc.extents...)
	f.locations[f.primary] = loc
	f.data = append(binary.BigEndian.AppendUint32(bytes.Clone(f.data), uint32(len(sps))), sps...)
	if n, err := f.hevcPixels(f.primary); err != nil || n != 4096*4096 {
		t.Fatalf("hevcPixels = %v, %v; want 4096×4096", n, err)
	}
}

// A grid (as iPhones write) costs its output plus its largest tile, each at the larger of ispe and SPS.
func TestHEICGridPixels(t *testing.T) {
	t.Parallel()
	tile, err := parseHEIF(readFixture(t, "quadrants.heic"))
	if err != nil {
		t.Fatal(err)
	}
	ispe := func(w, h uint32) []byte {
		b := []byte{0, 0, 0, 20, 'i', 's', 'p', 'e', 0, 0, 0, 0}
		return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(b, w), h)
	}
	hvcC := tile.properties[tile.assoc[tile.primary][0]-1] // heif-enc lists hvcC first
	if string(hvcC[4:8]) != "hvcC" {
		t.Fatalf("first property is %q", hvcC[4:8])
	}
	tileData := tile.locations[tile.primary]
	grid := []byte{0, 0, 0, 1, 0x05, 0x00, 0x01, 0xE0} // 1 row, 2 columns, 1280×480
	f := &heifFile{data: tile.data, idat: grid, primary: 1,
		types:      map[uint32]string{1: "grid", 2: "hvc1", 3: "hvc1"},
		properties: [][]byte{ispe(1280, 480), hvcC, ispe(640, 480)},
		assoc:      map[uint32][]uint16{1: {1}, 2: {2, 3}, 3: {2, 3}},
		refs:       map[string]map[uint32][]uint32{"dimg": {1: {2, 3}}},
		locations:  map[uint32]heifLocation{1: {method: 1, extents: [][2]uint64{{0, 8}}}, 2: tileData, 3: tileData},
	}
	w, h, n, err := f.decodedPixels(1)
	if err != nil || w != 1280 || h != 480 || n != 1280*480+640*480 {
		t.Fatalf("decodedPixels = %d×%d, %v, %v; want 1280×480, %d", w, h, n, err, 1280*480+640*480)
	}
	// A grid whose own size is larger than its ispe counts at that size.
	binary.BigEndian.PutUint16(grid[4:], 8000)
	binary.BigEndian.PutUint16(grid[6:], 8000)
	f.scanned = 0 // the two tiles share their data here, so a second look would count as overlap
	if _, _, n, _ := f.decodedPixels(1); n != 8000*8000+640*480 {
		t.Fatalf("decodedPixels = %v, want the grid's own 8000×8000", n)
	}
}

// The HEIF reader is fed hostile input: damaged and truncated files give an error, never a panic.
func FuzzReadHEICHeader(f *testing.F) {
	for _, name := range []string{"quadrants.heic", "quadrants-irot.heic", "sps-4096.heic"} {
		f.Add(readFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readHEICHeader(data)
	})
}
