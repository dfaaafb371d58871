import os
import shutil
import socket
import threading
import time

import pytest
import uvicorn

from chipcontrols.web import create_web_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def web_url():
    """The web UI served for real by uvicorn on a loopback port, for the whole session."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_web_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium through Selenium. CI (.ci/run) installs it; elsewhere a missing
    browser skips these tests loudly, and under CI=true it fails."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        message = ("Chromium/ChromeDriver not found: install Debian's 'chromium' and 'chromium-driver' "
                   "(apt-get install chromium chromium-driver), as .ci/run does.")
        if os.environ.get("CI"):
            pytest.fail(message)
        print(f"\n*** SKIPPING BROWSER TESTS: {message} ***")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    drv = webdriver.Chrome(service=Service(driver), options=options)
    yield drv
    drv.quit()
