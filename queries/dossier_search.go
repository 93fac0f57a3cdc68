package queries

import "balie/internal/textfold"

// ReportSearchText is what reports.search_text holds for a report's title and text: both folded
// (textfold.Fold), as the dossier's search folds what the patient types.
func ReportSearchText(title, body string) string {
	return textfold.Fold(title + "\n" + body)
}
