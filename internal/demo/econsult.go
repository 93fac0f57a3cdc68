package demo

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/color"
	"image/jpeg"
	"math"

	"balie/internal/photo"
	"balie/queries"
)

// E-consults (seed 002): every fifth of the first fifty patients asked the GP a question with a photo.
// The first patient's question is still open, so the GP's queue has one waiting; the others are answered.

var econsultKinds = []threadKind{
	{"Plekje op mijn arm", []msg{
		{false, "Sinds ongeveer drie weken heb ik een rood, schilferig plekje op mijn onderarm. Het jeukt af en toe. Ik heb een foto toegevoegd. Moet ik hiervoor langskomen?"},
		{true, "Dank u voor de foto. Het lijkt op een eczeemplekje. Smeer twee keer per dag een vette crème, bijvoorbeeld cetomacrogolcrème, en gebruik geen geparfumeerde zeep. Is het over twee weken niet beter, maak dan een afspraak."},
	}},
	{"Wondje op mijn hiel", []msg{
		{false, "Ik heb een klein wondje op mijn hiel dat na een week nog niet dicht is. Ik heb diabetes. Hierbij een foto."},
		{true, "Omdat u diabetes heeft, wil ik het wondje graag zelf zien. De assistente belt u vandaag voor een afspraak. Houd het wondje schoon en droog en draag geen schoenen die knellen."},
	}},
	{"Uitslag na nieuwe tabletten", []msg{
		{false, "Sinds ik met de nieuwe tabletten ben begonnen, heb ik rode vlekjes op mijn arm. Ze jeuken niet. Is dit een allergie? Ik heb een foto gemaakt."},
		{true, "Dank u voor de foto. Het kan een reactie op de tabletten zijn. Stop er nog niet mee, maar kom morgen even langs op het spreekuur; de assistente heeft een afspraak voor u gemaakt."},
	}},
}

func (g *generator) econsult(ctx context.Context, patient int64, p person, i int) error {
	if i >= 50 || i%5 != 0 {
		return nil
	}
	kind := econsultKinds[(i/5)%len(econsultKinds)]
	if i == 0 {
		kind.messages = kind.messages[:1] // still waiting for the GP
	}
	ids, err := g.writeThread(ctx, patient, p, i == 0, "econsult", kind)
	if err != nil {
		return err
	}
	ph, err := g.skinPhoto(ctx)
	if err != nil {
		return err
	}
	if _, err := g.q.AddPhoto(ctx, queries.AddPhotoParams{PatientID: patient, Source: ph.Source, SourceBytes: int64(len(ph.JPEG)),
		Width: int64(ph.Width), Height: int64(ph.Height), ThumbWidth: int64(ph.ThumbWidth), ThumbHeight: int64(ph.ThumbHeight),
		CreatedAt: g.now, Content: ph.JPEG, Thumb: ph.Thumb, Room: 1}); err != nil {
		return err
	}
	_, err = g.q.AttachPendingPhotos(ctx, queries.AttachPendingPhotosParams{MessageID: sql.NullInt64{Int64: ids[0], Valid: true}, PatientID: patient})
	return err
}

// skinPhoto is a made-up phone photo of a red patch on skin, drawn once per generator and sent through
// the same pipeline as a patient's upload.
func (g *generator) skinPhoto(ctx context.Context) (photo.Photo, error) {
	if g.photo != nil {
		return *g.photo, nil
	}
	const w, h = 1600, 1200
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cx, cy, rx, ry := 0.55*w, 0.48*h, 230.0, 170.0
	for y := range h {
		for x := range w {
			// Skin with a soft light from the top left, and a red patch that fades at its edge.
			light := 1 - 0.12*float64(x+y)/float64(w+h)
			d := math.Hypot((float64(x)-cx)/rx, (float64(y)-cy)/ry)
			red := math.Max(0, math.Min(1, 1.6-d))
			grain := float64((x*7+y*13)%9) - 4
			r := (224-24*red)*light + grain
			gr := (176-88*red)*light + grain
			b := (146-70*red)*light + grain
			img.Set(x, y, color.RGBA{uint8(r), uint8(gr), uint8(b), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		return photo.Photo{}, err
	}
	ph, err := photo.Process(ctx, buf.Bytes())
	if err != nil {
		return photo.Photo{}, err
	}
	g.photo = &ph
	return ph, nil
}
