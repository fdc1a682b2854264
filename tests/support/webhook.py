#!/usr/bin/env python3
"""A webhook receiver for the --notify tests: answers the first FAIL_FIRST
POSTs with 500, the rest with 200 (FAIL_FIRST -1: always 500), and logs one
JSON line per POST: status given, content type, the body (parsed), and
whether X-Vidforge-Signature is the HMAC-SHA256 of the body under SECRET
("ok", "bad", "none").
usage: webhook.py PORT_FILE LOG_FILE FAIL_FIRST [SECRET]"""
import hashlib
import hmac
import http.server
import json
import os
import sys
import threading

PORT_FILE, LOG_FILE, FAIL_FIRST = sys.argv[1], sys.argv[2], int(sys.argv[3])
SECRET = sys.argv[4] if len(sys.argv) > 4 else ""
count = [0]
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        sig = self.headers.get("X-Vidforge-Signature")
        want = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        with lock:
            count[0] += 1
            status = 500 if FAIL_FIRST < 0 or count[0] <= FAIL_FIRST else 200
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
            entry = {"status": status, "type": self.headers.get("Content-Type"),
                     "sig": "none" if not sig else "ok" if hmac.compare_digest(sig, want) else "bad",
                     "body": parsed}
            with open(LOG_FILE, "a") as f:
                f.write(json.dumps(entry) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
