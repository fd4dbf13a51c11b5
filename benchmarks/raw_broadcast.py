"""The baseline: a bare `websockets` server that relays every frame it receives to
every other connected client (no auth, no database, no channel layer)."""

import asyncio
import sys

from websockets.asyncio.server import broadcast, serve

clients = set()


async def handler(ws):
    clients.add(ws)
    try:
        async for frame in ws:
            broadcast(clients - {ws}, frame)
            await ws.send('{"type":"ack"}')
    finally:
        clients.discard(ws)


async def main(port):
    async with serve(handler, "127.0.0.1", port, max_size=2**16):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
