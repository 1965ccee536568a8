"""The Redis-to-Redis copy users write with redis-py: SCAN, a pipeline of DUMP and PTTL per
batch, then a pipeline of RESTORE ... REPLACE. The baseline for bench/migrate.sh."""
import sys

import redis

source = redis.Redis.from_url(sys.argv[1])
target = redis.Redis.from_url(sys.argv[2])
copied = 0
cursor = 0
while True:
    cursor, keys = source.scan(cursor=cursor, count=1000)
    if keys:
        reads = source.pipeline(transaction=False)
        for key in keys:
            reads.dump(key)
            reads.pttl(key)
        replies = reads.execute()
        writes = target.pipeline(transaction=False)
        for index, key in enumerate(keys):
            payload, ttl = replies[2 * index], replies[2 * index + 1]
            if payload is None:
                continue
            writes.restore(key, max(ttl, 0), payload, replace=True)
            copied += 1
        writes.execute()
    if cursor == 0:
        break
print(copied)
