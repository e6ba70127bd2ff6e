// The interop script for Go's net/http with a Unix-socket dialer. Usage: go_client SOCKET
// Prints one line per call: CALL <name> <status> <content-type> <base64 body>.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
)

var connections int // connections the transport opened (from httptrace: GotConn not Reused)

func main() {
	socket := os.Args[1]
	// [snippet go]
	client := &http.Client{Transport: &http.Transport{
		// Every request goes to the socket, whatever host the URL names.
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		},
	}}
	call := func(name, method, path string, body io.Reader) {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			if !info.Reused {
				connections++
			}
		}}
		ctx := httptrace.WithClientTrace(context.Background(), trace)
		// The host part is arbitrary: Go sends it as Host, and the server accepts any.
		req, err := http.NewRequestWithContext(ctx, method, "http://unix"+path, body)
		check(err)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := client.Do(req)
		check(err)
		content, err := io.ReadAll(res.Body)
		check(err)
		res.Body.Close()
		contentType := strings.ReplaceAll(res.Header.Get("Content-Type"), " ", "")
		if contentType == "" {
			contentType = "-"
		}
		fmt.Println("CALL", name, res.StatusCode, contentType, base64.StdEncoding.EncodeToString(content))
	}
	args := func(values ...interface{}) io.Reader {
		encoded, err := json.Marshal(values)
		check(err)
		return strings.NewReader(string(encoded)) // a strings.Reader has a length: Content-Length
	}

	call("get-echo", "GET", "/echo", nil)
	call("post-echo", "POST", "/echo", args("a", 1))
	call("text-utf8", "POST", "/text", args("héllo wörld ✓ 𝄞 日本"))
	call("value-json", "POST", "/value", args(map[string]interface{}{"k": []interface{}{1, 2.5, true, nil}, "s": "ü"}))
	call("nothing", "GET", "/nothing", nil)
	call("fail", "POST", "/fail", args("boom-interop"))
	call("unknown", "GET", "/no-such-command", nil)
	call("method-not-allowed", "GET", "/echo-post", nil)
	call("head-echo", "HEAD", "/echo", nil)
	// A reader of unknown length (a MultiReader) makes Go send the body chunked.
	call("chunked", "POST", "/echo", io.MultiReader(strings.NewReader(`["chun`), strings.NewReader(`ked",2]`)))
	// [/snippet]
	call("large-echo", "POST", "/echo", args(strings.Repeat("x", 1048000))) // near 1 MiB (spec 7.2.1)
	for i := 1; i <= 3; i++ {
		call(fmt.Sprintf("keepalive-%d", i), "POST", "/echo", args(i))
	}
	fmt.Println("CONNECTIONS all", connections)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "go client:", err)
		os.Exit(1)
	}
}
