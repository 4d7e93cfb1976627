"""App servers on loopback and a small browser for them: gunicorn started on a socket it is
handed (a free port, no race for it), and a client that keeps cookies, reads a page's form and
posts it back as a browser would. The two-server test (tests/test_scale_out.py) and the
campaign burst (benchmarks/burst.py) use them."""

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def as_postgres(command):
    """Run a server command as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *map(str, command)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603


@contextlib.contextmanager
def throwaway_cluster(database="portal"):
    """A new PostgreSQL cluster listening only on a Unix socket in a temporary folder, with
    an empty database; yields its DATABASE_URL and removes everything afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="pgloop."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    try:
        as_postgres([PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust",
                     "--encoding=UTF8", "--locale=C.UTF-8"])  # fmt: skip
        options = f"-c listen_addresses='' -c unix_socket_directories='{folder}' -c fsync=off"
        as_postgres([PG_BIN / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w",
                     "-t", "60", "-o", options, "start"])  # fmt: skip
        subprocess.run(  # noqa: S603
            [PG_BIN / "createdb", "-h", folder, "-U", "postgres", database], check=True
        )
        yield database_url({"HOST": str(folder), "USER": "postgres", "NAME": database})
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            as_postgres([PG_BIN / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def database_url(settings_dict):
    """A DATABASE_URL naming the database of ``settings_dict`` (Django's connection settings),
    a Unix-socket folder as its percent-encoded host."""
    quote = urllib.parse.quote
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def production_environment(*, database_url, secret_key, **extra):
    """The environment of an app server with production settings (DEBUG off) over plain
    HTTP on loopback: the client says it came through a TLS proxy (X-Forwarded-Proto)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CI"))}
    env.pop("DEBUG", None)
    env.update(
        DEBUG="false",
        SECRET_KEY=secret_key,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL=extra.pop("EMAIL_URL", "smtp://127.0.0.1:25"),
        PORTAL_URL="https://127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


class AppServer:
    """gunicorn serving the portal on 127.0.0.1 at a free port, with ``workers`` sync
    workers; a context manager that stops it (and waits for it) on leaving."""

    def __init__(self, env, *, workers=1, log_path=None):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.process = self.socket = None

    def __enter__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(128)
        self.port = self.socket.getsockname()[1]
        fd = self.socket.fileno()
        self.log = open(self.log_path or os.devnull, "ab")  # noqa: SIM115  (closed on exit)
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(GUNICORN),
                "volunteer_portal.wsgi",
                f"--bind=fd://{fd}",
                f"--workers={self.workers}",
                "--worker-class=sync",
                "--timeout=60",
                "--graceful-timeout=5",
            ],
            cwd=BASE_DIR,
            env=self.env,
            pass_fds=[fd],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_ready()
        return self

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if Browser(self.port).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.socket.close()
        self.log.close()


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class Browser:
    """A client of one app server (it can be pointed at another: ``port``) that keeps its
    cookies and sends what a TLS proxy in front would add."""

    def __init__(self, port, *, cookies=None):
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method, path, *, data=None, timeout=60):
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1{path}",
            "Accept-Language": "da",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.getheaders(), answer.read())
        finally:
            connection.close()
        for name, value in response.headers:
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or cookie_value in ('""', ""):
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = cookie_value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data=data)

    def submit(self, path, changes=None, *, containing):
        """GET ``path``, then post back the form that has a field named ``containing``, as
        loaded, with ``changes`` applied (a value of None removes a field)."""
        page = self.get(path)
        if page.status != 200:
            raise AssertionError(f"GET {path} answered {page.status}")
        form = read_form(page.text, containing=containing)
        data = dict(form.fields)
        for name, value in (changes or {}).items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return self.post(urllib.parse.urljoin(path, form.action or path), data)


class _Form:
    def __init__(self, action):
        self.action, self.fields, self.names = action, {}, set()

    def add(self, name, value):
        if name in self.fields:
            existing = self.fields[name]
            self.fields[name] = (
                [*existing, value]
                if isinstance(existing, list)
                else [
                    existing,
                    value,
                ]
            )
        else:
            self.fields[name] = value


class _FormReader(HTMLParser):
    """Every form of a page with the values a browser would send unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form = [], None
        self.textarea = self.select = None
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = _Form(attrs.get("action"))
            self.forms.append(self.form)
        if self.form is None:
            return
        name = attrs.get("name")
        if name:
            self.form.names.add(name)
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.form.add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.form.add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "chosen": [], "first": None, "many": "multiple" in attrs}
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "text": "", "chosen": "selected" in attrs}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            name, value = self.textarea
            self.form.add(name, value[1:] if value.startswith("\n") else value)
            self.textarea = None
        elif tag == "option" and self.option is not None:
            self._end_option()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._end_option()
            chosen = self.select["chosen"]
            if not chosen and not self.select["many"] and self.select["first"] is not None:
                chosen = [self.select["first"]]  # a single choice sends its first option
            for value in chosen:
                self.form.add(self.select["name"], value)
            self.select = None
        elif tag == "form":
            self.form = None

    def _end_option(self):
        value = self.option["value"]
        value = self.option["text"].strip() if value is None else value
        if self.select["first"] is None:
            self.select["first"] = value
        if self.option["chosen"]:
            self.select["chosen"].append(value)
        self.option = None


def read_form(html, *, containing):
    """The form of ``html`` that has a field named ``containing``."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        if containing in form.names:
            return form
    raise AssertionError(f"no form with a field named {containing!r}")
