"""An agent written the way Placet's Python examples are: python-socketio, one-argument handlers.

Driven by the test over stdin, one JSON command per line; reports over stdout, one JSON object
per line: every event it receives ({"event", "data"}), every ack ({"ack"}), and any exception
({"error"}), so a handler that cannot take the server's frame fails the test instead of hanging.
"""

import json
import sys
import threading

import socketio

NAMESPACE = "/ws"
url, api_key = sys.argv[1], sys.argv[2]
sio = socketio.Client(reconnection=False)
lock = threading.Lock()


def report(**fields):
    with lock:
        print(json.dumps(fields), flush=True)


def report_exception(args):
    report(error=f"{args.exc_type.__name__}: {args.exc_value}")


threading.excepthook = report_exception


# One argument each, as in the seed's examples: the frame must carry exactly one payload.
@sio.on("message:created", namespace=NAMESPACE)
def on_message_created(message):
    report(event="message:created", data=message)


@sio.on("review:responded", namespace=NAMESPACE)
def on_review_responded(message):
    report(event="review:responded", data=message)


@sio.on("pong", namespace=NAMESPACE)
def on_pong():
    report(event="pong")


def run(command):
    action = command["do"]
    if action == "connect":
        sio.connect(url, auth={"apiKey": api_key}, namespaces=[NAMESPACE], transports=["websocket"])
        report(connected=True)
    elif action == "subscribe":
        since = command.get("since")
        argument = {"channelId": command["channelId"], "since": since} if since else command["channelId"]
        report(ack=sio.call("subscribe:channel", argument, namespace=NAMESPACE, timeout=10))
    elif action == "ping":
        sio.emit("ping", namespace=NAMESPACE)
    elif action == "disconnect":
        sio.disconnect()
        report(disconnected=True)
    elif action == "exit":
        return False
    return True


for line in sys.stdin:
    try:
        if not run(json.loads(line)):
            break
    except Exception as error:  # reported, so the test sees why instead of timing out
        report(error=f"{type(error).__name__}: {error}")
if sio.connected:
    sio.disconnect()
