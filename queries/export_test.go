package queries

// The generated statements that tests check the plans of.
var (
	SearchAccessLogAfterSQL  = searchAccessLogAfter
	SearchAccessLogBeforeSQL = searchAccessLogBefore
)
