#!/usr/bin/python3
"""Writes seed inputs for agent_task_fuzz: Thrift binary-protocol list<TAgentTaskRequest>."""
import os
import struct
import sys

T_BOOL, T_I32, T_I64, T_STRING, T_STRUCT, T_MAP, T_LIST, T_STOP = 2, 8, 10, 11, 12, 13, 15, 0


def field(ftype, fid, payload):
    return struct.pack(">bh", ftype, fid) + payload


def i32(v):
    return struct.pack(">i", v)


def i64(v):
    return struct.pack(">q", v)


def string(s):
    b = s.encode()
    return i32(len(b)) + b


def struct_(*fields):
    return b"".join(fields) + bytes([T_STOP])


def smap(d):
    return struct.pack(">bbi", T_STRING, T_STRING, len(d)) + b"".join(string(k) + string(v) for k, v in d.items())


def task(ttype, sig, *payload):
    return struct_(field(T_I32, 1, i32(0)), field(T_I32, 2, i32(ttype)), field(T_I64, 3, i64(sig)), *payload)


def tasks(*ts):
    return struct.pack(">bi", T_STRUCT, len(ts)) + b"".join(ts)


ROOT = "/fuzz/root/snapshot/20251126000000.0.60"
REPO_TABLET = "file:///repo/__starrocks_repository_r/__ss_l/__ss_content/__db_1/__tbl_2/__part_3/__idx_4/__10001"
NO_BROKER = field(T_STRUCT, 3, struct_(field(T_STRING, 1, string("")), field(T_I32, 2, i32(0))))


def download(sig, pairs):
    return task(12, sig, field(T_STRUCT, 15, struct_(
        field(T_I64, 1, i64(1)), field(T_MAP, 2, smap(pairs)), NO_BROKER, field(T_BOOL, 5, b"\x00"))))


def move(sig, tablet, src):
    return task(14, sig, field(T_STRUCT, 22, struct_(
        field(T_I64, 1, i64(tablet)), field(T_I32, 2, i32(6)), field(T_STRING, 3, string(src)),
        field(T_I64, 4, i64(1)), field(T_BOOL, 5, b"\x01"))))


seeds = {
    "snapshot": tasks(task(8, 10001, field(T_STRUCT, 16, struct_(
        field(T_I64, 1, i64(10001)), field(T_I32, 2, i32(5)), field(T_I64, 3, i64(3)),
        field(T_I64, 5, i64(86400)), field(T_BOOL, 7, b"\x01"))))),
    "upload": tasks(task(11, 7, field(T_STRUCT, 14, struct_(
        field(T_I64, 1, i64(42)), field(T_MAP, 2, smap({ROOT + "/10001/5": "file:///repo/__ss_l/__10001"})),
        field(T_STRUCT, 3, struct_(field(T_STRING, 1, string("")), field(T_I32, 2, i32(0)))),
        field(T_BOOL, 5, b"\x00"))))),
    "download": tasks(task(12, 8, field(T_STRUCT, 15, struct_(
        field(T_I64, 1, i64(42)), field(T_MAP, 2, smap({"file:///repo/__ss_l/__10001": ROOT + "/20002/6"})),
        field(T_STRUCT, 3, struct_(field(T_STRING, 1, string("")), field(T_I32, 2, i32(0)))))))),
    "release": tasks(task(9, 10001, field(T_STRUCT, 17, struct_(field(T_STRING, 1, string(ROOT)))))),
    "move": tasks(task(14, 9, field(T_STRUCT, 22, struct_(
        field(T_I64, 1, i64(20002)), field(T_I32, 2, i32(6)), field(T_STRING, 3, string(ROOT + "/20002/6")),
        field(T_I64, 4, i64(42)), field(T_BOOL, 5, b"\x01"))))),
    "create": tasks(task(0, 10001, field(T_STRUCT, 5, struct_(
        field(T_I64, 1, i64(10001)),
        field(T_STRUCT, 2, struct_(
            struct.pack(">bh", 6, 1) + struct.pack(">h", 1), field(T_I32, 2, i32(5)), field(T_I32, 3, i32(1)),
            field(T_I32, 4, i32(1)),
            field(T_LIST, 5, struct.pack(">bi", T_STRUCT, 1) + struct_(
                field(T_STRING, 1, string("k")), field(T_STRUCT, 2, struct_(field(T_I32, 1, i32(5)))),
                field(T_BOOL, 4, b"\x01"))))),
        field(T_I64, 3, i64(1)))))),
    "missing_payload": tasks(task(11, 1), task(77, 2), task(12, 3), task(14, 4), task(8, 5)),
    # RESTORE as the frontend sends it: restore-mode snapshot, download, move
    "restore_snapshot": tasks(task(8, 700002, field(T_STRUCT, 16, struct_(
        field(T_I64, 1, i64(20002)), field(T_I32, 2, i32(6)), field(T_I64, 3, i64(14)),
        field(T_I64, 5, i64(3600)), field(T_BOOL, 7, b"\x01"), field(T_I32, 9, i32(4)),
        field(T_BOOL, 11, b"\x01"))))),
    "restore_snapshot_bad_format": tasks(task(8, 700003, field(T_STRUCT, 16, struct_(
        field(T_I64, 1, i64(20002)), field(T_I32, 2, i32(6)), field(T_I32, 9, i32(1)),
        field(T_BOOL, 11, b"\x01"))))),
    "restore_download": tasks(task(12, 700004, field(T_STRUCT, 15, struct_(
        field(T_I64, 1, i64(4242)),
        field(T_MAP, 2, smap({REPO_TABLET: ROOT + "/20002/6", "file:///repo/x/__10002": ROOT + "/20003/6"})),
        field(T_STRUCT, 3, struct_(field(T_STRING, 1, string("")), field(T_I32, 2, i32(0)))),
        field(T_MAP, 4, smap({"location": "file:///repo"})),
        field(T_BOOL, 5, b"\x00"))))),
    "restore_move": tasks(task(14, 700006, field(T_STRUCT, 22, struct_(
        field(T_I64, 1, i64(20002)), field(T_I32, 2, i32(6)), field(T_STRING, 3, string(ROOT + "/20002/6")),
        field(T_I64, 4, i64(4242)), field(T_BOOL, 5, b"\x01"))))),
    # malformed restore input: each must be refused with a message
    "download_bad": tasks(
        download(20, {"file:///repo/__abc": ROOT + "/20002/6"}),
        download(21, {}),
        download(22, {REPO_TABLET: ROOT + "/../../data/20002/6"}),
        download(23, {REPO_TABLET: ROOT + "/x/6"}),
        download(24, {REPO_TABLET: ROOT + "/20002/6", "file:///repo/y/__10001": ROOT + "/20002/6/"}),
        download(25, {"/no/scheme/__10001": ROOT + "/20002/6"})),
    "move_bad": tasks(
        move(30, 20002, ROOT + "/../../data/20002/6"),
        move(31, 20002, "/fuzz/root/data/20002/6"),
        move(32, 20002, ROOT + "/abc/6"),
        move(33, 0, ROOT + "/20002/6"),
        move(34, 20002, "")),
    "escape": tasks(task(11, 3, field(T_STRUCT, 14, struct_(
        field(T_I64, 1, i64(1)), field(T_MAP, 2, smap({ROOT + "/../../etc/1/2": "file:///repo/../x"})),
        field(T_STRUCT, 3, struct_(field(T_STRING, 1, string("")), field(T_I32, 2, i32(0)))))))),
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "corpus", "agent_task")
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
