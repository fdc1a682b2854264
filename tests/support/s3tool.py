#!/usr/bin/env python3
"""A small S3 client for the storage tests, on botocore (an implementation
independent of vidforge's): put, get, head, ls, uploads (multipart uploads in
progress). Endpoint and credentials come from AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
usage: s3tool.py put FILE s3://b/k | get s3://b/k FILE | head s3://b/k |
       ls s3://b/prefix | uploads s3://b"""
import os
import sys

import botocore.session
from botocore.config import Config


def client():
    s = botocore.session.get_session()
    return s.create_client(
        "s3", region_name=os.environ.get("AWS_REGION", "us-east-1"),
        endpoint_url=os.environ["AWS_ENDPOINT_URL"],
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "S3RVER"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "S3RVER"),
        config=Config(s3={"addressing_style": "path"}))


def split(url):
    b, _, k = url[5:].partition("/")
    return b, k


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    c = client()
    if cmd == "put":
        b, k = split(args[1])
        with open(args[0], "rb") as f:
            c.put_object(Bucket=b, Key=k, Body=f)
    elif cmd == "get":
        b, k = split(args[0])
        body = c.get_object(Bucket=b, Key=k)["Body"].read()
        open(args[1], "wb").write(body)
    elif cmd == "head":
        b, k = split(args[0])
        try:
            h = c.head_object(Bucket=b, Key=k)
        except c.exceptions.ClientError:
            print("missing")
            return 1
        print(h["ContentLength"], h.get("Metadata", {}).get("vidforge-key", ""))
    elif cmd == "ls":
        b, k = split(args[0])
        for o in c.list_objects(Bucket=b, Prefix=k).get("Contents", []):
            print(o["Key"], o["Size"])
    return 0


sys.exit(main())
