// Command cron-oracle computes CronJob schedule activations with robfig/cron/v3 itself (the parser
// and Next() the Kubernetes CronJob controller uses), for kjob's differential test
// (test/unit/cronOracle.test.ts). Input on stdin, one JSON object per line:
//
//	{"schedule": "0 2 * * *", "timeZone": "America/New_York", "from": 1700000000, "count": 50}
//
// Output, one JSON object per line in the same order: {"runs": [unix seconds...]} or {"error": "..."}.
// Like the controller, a timeZone is given to the parser as a "TZ=<zone> " prefix; without one the
// times are in UTC (robfig reads them in the location of the time passed in).
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"time"

	"github.com/robfig/cron/v3"
)

type request struct {
	Schedule string  `json:"schedule"`
	TimeZone *string `json:"timeZone"`
	From     int64   `json:"from"`
	Count    int     `json:"count"`
}

type response struct {
	Runs  []int64 `json:"runs"`
	Error string  `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			_ = enc.Encode(response{Error: err.Error()})
			continue
		}
		spec := req.Schedule
		if req.TimeZone != nil {
			spec = "TZ=" + *req.TimeZone + " " + spec
		}
		sched, err := cron.ParseStandard(spec)
		if err != nil {
			_ = enc.Encode(response{Error: err.Error()})
			continue
		}
		runs := []int64{}
		t := time.Unix(req.From, 0).UTC()
		for i := 0; i < req.Count; i++ {
			t = sched.Next(t)
			if t.IsZero() {
				break
			}
			runs = append(runs, t.Unix())
		}
		_ = enc.Encode(response{Runs: runs})
	}
}
