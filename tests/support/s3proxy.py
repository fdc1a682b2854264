#!/usr/bin/env python3
"""A proxy in front of s3rver for the storage tests. For every request it
  - checks the SigV4 Authorization header with botocore (an implementation
    independent of libcurl's): the canonical request is rebuilt from what
    arrived, signed with the secret, and the signatures compared; a claimed
    x-amz-content-sha256 other than UNSIGNED-PAYLOAD must match the body;
  - applies fault rules set by POST /__control (a JSON list of
    {"match": "substring of 'METHOD /bucket/key?query'", "status": 500,
     "times": N (-1: always), "delay": seconds before answering,
     "body": the XML error body instead of InternalError, "headers": {...}});
  - logs one JSON line per request: method, path, query, range, status,
    bytes (response body), sig ("ok", "bad", "none"), injected, host,
    if_none_match, token (x-amz-security-token), scope ("region/service").
usage: s3proxy.py UPSTREAM_PORT PORT_FILE LOG_FILE SECRET"""
import hashlib
import http.client
import http.server
import json
import sys
import threading
import time
from urllib.parse import urlsplit

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

UPSTREAM, PORT_FILE, LOG_FILE, SECRET = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
rules = []
lock = threading.Lock()


def check_signature(method, raw_path, headers, body):
    auth = headers.get("Authorization")
    if not auth:
        return "none"
    try:
        fields = dict(p.strip().split("=", 1) for p in auth.split(" ", 1)[1].split(","))
        key, date, region, service, _ = fields["Credential"].split("/")
        signed = fields["SignedHeaders"].split(";")
        req = AWSRequest(method=method, url="http://" + headers["Host"] + raw_path, data=body,
                         headers={h: headers[h] for h in signed})
        req.context["timestamp"] = headers["x-amz-date"]
        signer = S3SigV4Auth(Credentials(key, SECRET), service, region)
        want = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
        claimed = headers.get("x-amz-content-sha256", "")
        if claimed not in ("UNSIGNED-PAYLOAD", hashlib.sha256(body).hexdigest()):
            return "bad-payload-hash"
        if "x-amz-content-sha256" not in signed or "host" not in signed:
            return "bad-signed-headers"
        if want != fields["Signature"]:
            return "bad: %s != %s for %r" % (want, fields["Signature"], signer.canonical_request(req))
        return "ok"
    except Exception as e:  # a malformed header is a bad signature
        return "bad: %s" % e


def scope_of(auth):
    """The credential scope of a SigV4 Authorization header: "region/service"."""
    try:
        return "/".join(auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")[2:4])
    except IndexError:
        return ""


def take_rule(line):
    with lock:
        for r in rules:
            if r["match"] in line and r.get("times", -1) != 0:
                if r.get("times", -1) > 0:
                    r["times"] -= 1
                return dict(r)
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def log(self, entry):
        with lock, open(LOG_FILE, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def answer(self, status, headers, body):
        self.send_response(status)
        length = str(len(body))
        for k, v in headers:
            if k.lower() == "content-length" and self.command == "HEAD":
                length = v
            elif k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", length)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        if self.path == "/__control":
            global rules
            with lock:
                rules = json.loads(body or b"[]")
            return self.answer(200, [], b"ok")
        u = urlsplit(self.path)
        line = "%s %s?%s" % (self.command, u.path, u.query)
        entry = {"method": self.command, "path": u.path, "query": u.query,
                 "range": self.headers.get("Range", ""), "sent": len(body),
                 "sig": check_signature(self.command, self.path, self.headers, body),
                 "injected": False, "host": self.headers.get("Host", ""),
                 "if_none_match": self.headers.get("If-None-Match", ""),
                 "token": self.headers.get("x-amz-security-token", ""),
                 "scope": scope_of(self.headers.get("Authorization", ""))}
        rule = take_rule(line)
        if rule and rule.get("delay"):
            time.sleep(rule["delay"])
        if rule and rule.get("status"):
            entry.update(status=rule["status"], bytes=0, injected=True)
            self.log(entry)
            xml = rule.get("body", "<Error><Code>InternalError</Code><Message>injected"
                                   "</Message></Error>").encode()
            extra = list(rule.get("headers", {}).items())
            return self.answer(rule["status"], [("Content-Type", "application/xml")] + extra, xml)
        conn = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=60)
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for k, v in self.headers.items():
            conn.putheader(k, v)
        conn.endheaders(body if body else None)
        resp = conn.getresponse()
        data = resp.read()
        entry.update(status=resp.status, bytes=len(data))
        self.log(entry)
        self.answer(resp.status, resp.getheaders(), data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
