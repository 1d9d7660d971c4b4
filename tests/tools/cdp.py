"""cdp.py — a small driver for headless Chromium over the DevTools
protocol on a pipe (--remote-debugging-pipe: commands on fd 3, replies on
fd 4, each a JSON text ended by NUL), for the browser tests.  Standard
library only.

    b = Browser(chromium_path, profile_dir, width, height)
    page = b.open(url)                # a tab, attached (flat session)
    page.eval("document.title")       # Runtime.evaluate, returns the value
    page.type_text("...")             # Input.insertText into the focus
    page.key("Enter", modifiers=2)    # Ctrl+Enter
    page.screenshot(path)             # PNG
    page.wait(js_condition, timeout)  # polls until the expression is truthy
    b.close()
"""
import base64
import json
import os
import subprocess
import time


class Browser:
    def __init__(self, chromium, profile, width=1400, height=900):
        cmd_r, cmd_w = os.pipe()  # we write commands, chromium reads fd 3
        res_r, res_w = os.pipe()  # chromium writes replies on fd 4
        # Move the child's ends out of the way of 3 and 4 first.
        hi_cmd = os.dup(cmd_r) if cmd_r in (3, 4) else cmd_r
        hi_res = os.dup(res_w) if res_w in (3, 4) else res_w

        def child():
            a, b = os.dup(hi_cmd), os.dup(hi_res)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
             "--user-data-dir=" + profile, "--remote-debugging-pipe",
             "--window-size=%d,%d" % (width, height), "about:blank"],
            preexec_fn=child, pass_fds=tuple(sorted({3, 4, hi_cmd, hi_res})),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "chromium.log"), "w"))
        os.close(cmd_r)
        os.close(res_w)
        for fd in (hi_cmd, hi_res):
            if fd not in (cmd_r, res_w):
                os.close(fd)
        self.w = os.fdopen(cmd_w, "wb", buffering=0)
        self.r = os.fdopen(res_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.width, self.height = width, height

    def _read_message(self):
        while b"\0" not in self.buf:
            chunk = self.r.read(65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        mid = self.next_id
        m = {"id": mid, "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        self.w.write(json.dumps(m).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == mid:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.call("Page.enable")
        page.call("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height,
                   "deviceScaleFactor": 1, "mobile": False})
        page.call("Page.navigate", {"url": url})
        return page

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Page:
    def __init__(self, browser, session):
        self.b = browser
        self.s = session

    def call(self, method, params=None):
        return self.b.send(method, params, self.s)

    def eval(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                            "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("in page: %s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def wait(self, expr, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            try:
                if self.eval(expr):
                    return
            except RuntimeError:
                pass
            time.sleep(0.1)
        raise RuntimeError("timed out waiting for: " + expr)

    def type_text(self, text):
        self.call("Input.insertText", {"text": text})

    def key(self, key, code=None, vk=0, modifiers=0):
        base = {"key": key, "code": code or key, "windowsVirtualKeyCode": vk,
                "nativeVirtualKeyCode": vk, "modifiers": modifiers}
        self.call("Input.dispatchKeyEvent", dict(base, type="rawKeyDown"))
        self.call("Input.dispatchKeyEvent", dict(base, type="keyUp"))

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
