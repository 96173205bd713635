"""Signs S3 requests with botocore's SigV4 (S3SigV4Auth) and prints, one line per request,
"SignedHeaders=..., Signature=..."; the C++ signer's test compares them with its own. Argument:
a file of requests, each one field a line: access key, secret key, region, method, host,
bucket, key, payload hash, x-amz-date, the number of query parameters, then "name<TAB>value"
per parameter (raw, not encoded)."""
import sys

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode


def sign(lines):
    access, secret, region, method, host, bucket, key, payload, date, count = lines[:10]
    params = {}
    for line in lines[10:10 + int(count)]:
        name, _, value = line.partition("\t")
        params[name] = value
    # botocore's REST serializer encodes an S3 key this way ({Key+}: '/' and '~' kept)
    path = "/" + bucket + ("/" + percent_encode(key, safe="/~") if key else "")
    request = AWSRequest(method=method, url="http://" + host + path, params=params)
    request.headers["host"] = host
    request.headers["X-Amz-Date"] = date
    request.headers["X-Amz-Content-SHA256"] = payload
    request.context["timestamp"] = date
    auth = S3SigV4Auth(Credentials(access, secret), "s3", region)
    request.url = request.prepare().url  # the query string, encoded by botocore
    canonical = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical)
    signature = auth.signature(string_to_sign, request)
    print("SignedHeaders=" + auth.signed_headers(auth.headers_to_sign(request)) + ", Signature=" + signature)
    return 10 + int(count)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().split("\n")
    while len(lines) >= 10:
        lines = lines[sign(lines):]


if __name__ == "__main__":
    main()
