package handlers

import "context"

// DefaultBodyLimit is the body limit of a route that names none, for the test of the routes' limits.
const DefaultBodyLimit = defaultBodyLimit

// AreaNow is an area of the table as the tests see it: its menu address and whether the clinic offers it.
type AreaNow struct {
	Name, Href string
	On         bool
}

// Areas is the table of areas as it stands for the clinic now, for the tests that hold the route list
// and the menu against it.
func (s *Server) Areas(ctx context.Context) ([]AreaNow, error) {
	var now []AreaNow
	for _, a := range areas {
		on, err := s.on(ctx, a)
		if err != nil {
			return nil, err
		}
		now = append(now, AreaNow{Name: a.Name, Href: a.Href, On: on})
	}
	return now, nil
}
