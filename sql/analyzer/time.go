package analyzer

import "time"

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
