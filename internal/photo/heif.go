package photo

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// What libheif will decode in a HEIC, read from its boxes (ISO/IEC 14496-12 and 23008-12) without running
// it. The size a HEIC claims (ispe) is not what the HEVC decoder allocates: libde265 allocates each picture
// at the size of the stream's sequence parameter set (SPS), from the hvcC box or from the stream itself,
// whatever ispe says (a 4 KB file claiming 64×64 in ispe decoded a 4096×4096 stream into 250 MB of heap).
// So every stream the decode will run is read up to its SPS, and the larger size counts.

// heicFixedBytes: each decode instantiates the WASM module afresh.
const heicFixedBytes = 16 << 20

// heicBytesPerPixel is what decoding a HEIC takes for each of its pixels, measured with runtime.MemStats
// around heic.Decode (v0.4.5, libheif 1.18 in wazero) of 8-bit 4:2:0 photos: single images of 12 MP and
// 16.7 MP peaked at 16.2 and 17.6 bytes a pixel, a grid of 8×6 tiles of 512×512 (12.6 MP, as iPhones
// write) at 17.7. The WASM module's memory ends at about 7 bytes a pixel (the stream, libde265's picture
// and its block data, libheif's copy, the output), and wazero grows it by reallocating, so earlier
// generations are still on the heap at the peak. The decoded image stays in that memory until the photo
// is re-encoded. A grid's output and its largest tile are both counted at this rate, and a stream with
// more samples a pixel (4:4:4, more than 8 bits) at a multiple of it.
const heicBytesPerPixel = 18

var errHEIFLayout = errors.New("photo: HEIF layout not supported")

func readHEICHeader(data []byte) (header, error) {
	f, err := parseHEIF(data)
	if err != nil {
		return header{}, err
	}
	w, h, pixels, err := f.decodedPixels(f.primary)
	if err != nil {
		return header{}, err
	}
	// An alpha plane (or any other auxiliary image of the primary one) is decoded too.
	for from, to := range f.refs["auxl"] {
		if len(to) > 0 && to[0] == f.primary {
			_, _, aux, err := f.decodedPixels(from)
			if err != nil {
				return header{}, err
			}
			pixels += aux
		}
	}
	n := clampBytes(pixels*heicBytesPerPixel) + heicFixedBytes
	return header{width: w, height: h, orientation: 1, decodeBytes: n,
		perPixel: heicBytesPerPixel, fixedBytes: heicFixedBytes}, nil
}

// decodedPixels is the size the item claims (ispe, or a grid's own) and the pixels its decode allocates,
// weighted by sample size: the larger of that size and each of its streams' SPS, and for a grid its
// output plus its largest tile (tiles are decoded one after another).
func (f *heifFile) decodedPixels(item uint32) (w, h int, pixels float64, err error) {
	ispe := f.property(item, "ispe")
	if len(ispe) >= 12 {
		w, h = int(binary.BigEndian.Uint32(ispe[4:])), int(binary.BigEndian.Uint32(ispe[8:]))
	}
	switch f.types[item] {
	case "hvc1":
		stream, err := f.hevcPixels(item)
		return w, h, max(float64(w)*float64(h), stream), err
	case "grid":
		d, err := f.itemData(item)
		if err != nil || len(d) < 8 {
			return 0, 0, 0, fmt.Errorf("%w: grid data", errHEIFLayout)
		}
		gw, gh := uint64(binary.BigEndian.Uint16(d[4:])), uint64(binary.BigEndian.Uint16(d[6:]))
		if d[1]&1 != 0 { // 32-bit sizes
			if len(d) < 12 {
				return 0, 0, 0, fmt.Errorf("%w: grid data", errHEIFLayout)
			}
			gw, gh = uint64(binary.BigEndian.Uint32(d[4:])), uint64(binary.BigEndian.Uint32(d[8:]))
		}
		var tile float64
		for _, t := range f.refs["dimg"][item] {
			if f.types[t] != "hvc1" {
				return 0, 0, 0, fmt.Errorf("%w: grid tile of type %q", errHEIFLayout, f.types[t])
			}
			_, _, p, err := f.decodedPixels(t)
			if err != nil {
				return 0, 0, 0, err
			}
			tile = max(tile, p)
		}
		return w, h, max(float64(w)*float64(h), float64(gw)*float64(gh)) + tile, nil
	}
	return 0, 0, 0, fmt.Errorf("%w: item of type %q", errHEIFLayout, f.types[item])
}

// hevcPixels is the largest picture any SPS of an hvc1 item asks for (in its hvcC property or in its
// data), weighted by its samples: 1 for 8-bit 4:2:0.
func (f *heifFile) hevcPixels(item uint32) (float64, error) {
	c := f.property(item, "hvcC")
	if len(c) < 23 {
		return 0, fmt.Errorf("%w: no hvcC", errHEIFLayout)
	}
	var most float64
	see := func(nal []byte) error {
		if len(nal) < 2 || (nal[0]>>1)&0x3F != 33 { // not an SPS
			return nil
		}
		s, ok := parseSPS(nal)
		if !ok {
			return fmt.Errorf("%w: unreadable SPS", errHEIFLayout)
		}
		most = max(most, s.weightedPixels())
		return nil
	}
	units, ok := hvcCUnits(c)
	if !ok {
		return 0, fmt.Errorf("%w: hvcC", errHEIFLayout)
	}
	for _, u := range units {
		if err := see(u); err != nil {
			return 0, err
		}
	}
	d, err := f.itemData(item)
	if err != nil {
		return 0, err
	}
	r := &byteReader{b: d}
	size := int(c[21]&3) + 1
	for len(r.b) > 0 && !r.bad {
		if err := see(r.bytes(int(r.uint(size)))); err != nil {
			return 0, err
		}
	}
	if r.bad {
		return 0, fmt.Errorf("%w: HEVC data", errHEIFLayout)
	}
	return most, nil
}

// hvcCUnits are the NAL units (parameter sets) of an hvcC record: 22 bytes of configuration (the NAL
// length size in the last two bits of byte 21), the number of arrays, and in each: type(1) count(2), then
// length(2) and NAL unit for each.
func hvcCUnits(c []byte) (units [][]byte, ok bool) {
	if len(c) < 23 {
		return nil, false
	}
	r := &byteReader{b: c[23:]}
	for range c[22] {
		r.skip(1)
		for range r.uint(2) {
			units = append(units, r.bytes(int(r.uint(2))))
		}
	}
	return units, !r.bad
}

// sps is what an HEVC sequence parameter set says about the pictures the decoder allocates.
type sps struct {
	width, height, chroma, depth uint64
}

// weightedPixels counts a 4:4:4 or deeper picture as more pixels of 8-bit 4:2:0, by its bytes.
func (s sps) weightedPixels() float64 {
	f := [4]float64{2.0 / 3, 1, 4.0 / 3, 2}[s.chroma] // 4:0:0, 4:2:0, 4:2:2, 4:4:4
	if s.depth > 8 {
		f *= 2
	}
	return float64(s.width) * float64(s.height) * f
}

// parseSPS reads an SPS NAL unit (ITU-T H.265 7.3.2.2) as far as the bit depths.
func parseSPS(nal []byte) (s sps, ok bool) {
	// Drop the NAL header and the emulation prevention bytes (00 00 03).
	rbsp := make([]byte, 0, len(nal))
	zeros := 0
	for _, b := range nal[2:] {
		if zeros >= 2 && b == 3 {
			zeros = 0
			continue
		}
		if b == 0 {
			zeros++
		} else {
			zeros = 0
		}
		rbsp = append(rbsp, b)
	}
	r := &bitReader{b: rbsp}
	r.skip(4) // sps_video_parameter_set_id
	subLayers := int(r.bits(3))
	r.skip(1)
	// profile_tier_level: the general profile and level, then what each sub-layer has.
	r.skip(96)
	var profile, level [8]bool
	for i := range subLayers {
		profile[i], level[i] = r.bits(1) == 1, r.bits(1) == 1
	}
	if subLayers > 0 {
		r.skip(2 * (8 - subLayers))
	}
	for i := range subLayers {
		if profile[i] {
			r.skip(88)
		}
		if level[i] {
			r.skip(8)
		}
	}
	r.ue() // sps_seq_parameter_set_id
	s.chroma = r.ue()
	if s.chroma == 3 {
		r.skip(1) // separate_colour_plane_flag
	}
	s.width, s.height = r.ue(), r.ue()
	if r.bits(1) == 1 { // conformance window
		r.ue()
		r.ue()
		r.ue()
		r.ue()
	}
	s.depth = max(r.ue(), r.ue()) + 8
	return s, !r.bad && s.chroma <= 3
}

// heifFile is the item structure of a HEIF's meta box.
type heifFile struct {
	data, idat []byte
	primary    uint32
	types      map[uint32]string
	properties [][]byte            // ipco's boxes (size and type included), 1-based in associations
	assoc      map[uint32][]uint16 // item → property indices
	refs       map[string]map[uint32][]uint32
	locations  map[uint32]heifLocation
	scanned    int // bytes of item data read so far
}

type heifLocation struct {
	method  uint64 // 0: file offsets, 1: in idat
	extents [][2]uint64
}

func parseHEIF(data []byte) (*heifFile, error) {
	f := &heifFile{data: data, types: map[uint32]string{}, assoc: map[uint32][]uint16{},
		refs: map[string]map[uint32][]uint32{}, locations: map[uint32]heifLocation{}}
	top, _ := boxes(data) // a damaged tail does not matter once meta is read
	meta := find(top, "meta")
	if len(meta) < 4 {
		return nil, fmt.Errorf("%w: no meta box", errHEIFLayout)
	}
	inMeta, ok := boxes(meta[4:])
	if !ok {
		return nil, fmt.Errorf("%w: meta", errHEIFLayout)
	}
	f.idat = find(inMeta, "idat")
	var r *byteReader
	if b := find(inMeta, "pitm"); len(b) >= 4 {
		r = fullBox(b)
		f.primary = uint32(r.uint(idSize(b[0] != 0)))
	}
	if b := find(inMeta, "iinf"); len(b) >= 4 {
		r = fullBox(b)
		r.uint(idSize(b[0] != 0)) // entry count: the boxes say
		infes, _ := boxes(r.b)
		for _, e := range infes {
			if e.typ != "infe" || len(e.body) < 4 || e.body[0] < 2 {
				continue
			}
			ir := fullBox(e.body)
			id := uint32(ir.uint(idSize(e.body[0] == 3)))
			ir.skip(2) // protection index
			f.types[id] = string(ir.bytes(4))
		}
	}
	if b := find(inMeta, "iprp"); b != nil {
		inIprp, _ := boxes(b)
		ipco := find(inIprp, "ipco")
		for rest := ipco; len(rest) >= 8; {
			n := int(binary.BigEndian.Uint32(rest))
			if n < 8 || n > len(rest) {
				break
			}
			f.properties = append(f.properties, rest[:n])
			rest = rest[n:]
		}
		for _, p := range inIprp {
			if p.typ == "ipma" && len(p.body) >= 4 {
				f.readIpma(p.body)
			}
		}
	}
	if b := find(inMeta, "iref"); len(b) >= 4 {
		size := idSize(b[0] != 0)
		refBoxes, _ := boxes(b[4:])
		for _, rb := range refBoxes {
			rr := &byteReader{b: rb.body}
			from := uint32(rr.uint(size))
			for range rr.uint(2) {
				if f.refs[rb.typ] == nil {
					f.refs[rb.typ] = map[uint32][]uint32{}
				}
				f.refs[rb.typ][from] = append(f.refs[rb.typ][from], uint32(rr.uint(size)))
			}
		}
	}
	if b := find(inMeta, "iloc"); len(b) >= 4 {
		if err := f.readIloc(b); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (f *heifFile) readIpma(b []byte) {
	r := fullBox(b)
	wide := b[3]&1 != 0
	for range r.uint(4) {
		id := uint32(r.uint(idSize(b[0] != 0)))
		for range r.uint(1) {
			if wide {
				f.assoc[id] = append(f.assoc[id], uint16(r.uint(2)&0x7FFF))
			} else {
				f.assoc[id] = append(f.assoc[id], uint16(r.uint(1)&0x7F))
			}
		}
		if r.bad {
			return
		}
	}
}

func (f *heifFile) readIloc(b []byte) error {
	version := b[0]
	r := fullBox(b)
	sizes := r.uint(2)
	offsetSize, lengthSize, baseSize := int(sizes>>12), int(sizes>>8&15), int(sizes>>4&15)
	indexSize := 0
	if version == 1 || version == 2 {
		indexSize = int(sizes & 15)
	}
	for range r.uint(idSize(version == 2)) {
		id := uint32(r.uint(idSize(version == 2)))
		var loc heifLocation
		if version == 1 || version == 2 {
			loc.method = r.uint(2) & 15
		}
		r.skip(2) // data reference index
		base := r.uint(baseSize)
		for range r.uint(2) {
			r.uint(indexSize)
			off := r.uint(offsetSize)
			loc.extents = append(loc.extents, [2]uint64{base + off, r.uint(lengthSize)})
		}
		if r.bad {
			return fmt.Errorf("%w: iloc", errHEIFLayout)
		}
		f.locations[id] = loc
	}
	return nil
}

// property is the body of the item's first property of type typ (of a full box such as ispe: with its
// version and flags).
func (f *heifFile) property(item uint32, typ string) []byte {
	for _, i := range f.assoc[item] {
		if i == 0 || int(i) > len(f.properties) {
			continue
		}
		if p := f.properties[i-1]; string(p[4:8]) == typ {
			return p[8:]
		}
	}
	return nil
}

// itemData is the item's data, its extents joined. All items together may not read more than the file
// holds twice over: a file whose items point many times at the same bytes would cost more to check than
// it is worth.
func (f *heifFile) itemData(item uint32) ([]byte, error) {
	loc, ok := f.locations[item]
	if !ok {
		return nil, fmt.Errorf("%w: item %d has no location", errHEIFLayout, item)
	}
	src := f.data
	switch loc.method {
	case 0:
	case 1:
		src = f.idat
	default:
		return nil, fmt.Errorf("%w: construction method %d", errHEIFLayout, loc.method)
	}
	var out []byte
	for _, e := range loc.extents {
		off, n := e[0], e[1]
		if off > uint64(len(src)) {
			return nil, fmt.Errorf("%w: extent past the end", errHEIFLayout)
		}
		if n == 0 || n > uint64(len(src))-off { // 0: to the end
			n = uint64(len(src)) - off
		}
		f.scanned += int(n)
		if f.scanned > 2*len(f.data) {
			return nil, fmt.Errorf("%w: items overlap", errHEIFLayout)
		}
		out = append(out, src[off:off+n]...)
	}
	return out, nil
}

type box struct {
	typ  string
	body []byte
}

// boxes splits b into boxes; ok is false when one runs past the end (those before it are returned).
func boxes(b []byte) (out []box, ok bool) {
	for len(b) > 0 {
		if len(b) < 8 {
			return out, false
		}
		size, head := uint64(binary.BigEndian.Uint32(b)), uint64(8)
		switch size {
		case 0: // to the end
			size = uint64(len(b))
		case 1: // 64-bit size
			if len(b) < 16 {
				return out, false
			}
			size, head = binary.BigEndian.Uint64(b[8:]), 16
		}
		if size < head || size > uint64(len(b)) {
			return out, false
		}
		out = append(out, box{string(b[4:8]), b[head:size]})
		b = b[size:]
	}
	return out, true
}

func find(bs []box, typ string) []byte {
	for _, b := range bs {
		if b.typ == typ {
			return b.body
		}
	}
	return nil
}

// fullBox reads past a full box's version and flags.
func fullBox(body []byte) *byteReader { return &byteReader{b: body[4:]} }

// idSize is the size of an item id: 4 bytes in the boxes' later versions, else 2.
func idSize(wide bool) int {
	if wide {
		return 4
	}
	return 2
}

// byteReader reads big-endian fields; reading past the end gives zeros and sets bad.
type byteReader struct {
	b   []byte
	bad bool
}

func (r *byteReader) bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.bad, r.b = true, nil
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *byteReader) skip(n int) { r.bytes(n) }

// uint reads an n-byte unsigned number (n up to 8; 0 reads nothing and gives 0).
func (r *byteReader) uint(n int) uint64 {
	var v uint64
	for _, c := range r.bytes(n) {
		v = v<<8 | uint64(c)
	}
	return v
}

// bitReader reads the bits of an RBSP; reading past the end gives zeros and sets bad.
type bitReader struct {
	b   []byte
	pos int
	bad bool
}

func (r *bitReader) bits(n int) uint64 {
	var v uint64
	for range n {
		if r.pos>>3 >= len(r.b) {
			r.bad = true
			return 0
		}
		v = v<<1 | uint64(r.b[r.pos>>3]>>(7-r.pos&7)&1)
		r.pos++
	}
	return v
}

func (r *bitReader) skip(n int) {
	r.pos += n
	if r.pos>>3 > len(r.b) {
		r.bad = true
	}
}

// ue reads an unsigned Exp-Golomb number.
func (r *bitReader) ue() uint64 {
	zeros := 0
	for r.bits(1) == 0 {
		if r.bad || zeros == 32 {
			r.bad = true
			return 0
		}
		zeros++
	}
	return 1<<zeros - 1 + r.bits(zeros)
}
