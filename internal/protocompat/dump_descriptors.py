"""Writes the FileDescriptorSet of the Spark Connect protos pyspark-client ships.

Usage: python dump_descriptors.py OUT.binpb
"""
import importlib
import pkgutil
import sys

from google.protobuf import descriptor_pb2

import pyspark.sql.connect.proto as p

fds = descriptor_pb2.FileDescriptorSet()
for m in sorted(pkgutil.iter_modules(p.__path__), key=lambda m: m.name):
    if not m.name.endswith("_pb2"):
        continue
    mod = importlib.import_module("pyspark.sql.connect.proto." + m.name)
    fd = descriptor_pb2.FileDescriptorProto()
    mod.DESCRIPTOR.CopyToProto(fd)
    fds.file.append(fd)
with open(sys.argv[1], "wb") as f:
    f.write(fds.SerializeToString())
