#!/usr/bin/python3
"""Real-browser test of `kpistat serve` (make browser-test): Debian's headless Chromium driven
by chromedriver through python3-selenium. A department head logs in, types one invalid and one
off-target figure, sees the errors next to the fields, corrects them, saves and sees the
confirmation; the office follows the data call and keys in a missing department's figure.
Screenshots at phone and desktop widths go to the directory given (test artefacts: look at
them).

usage: web_test.py PATH/TO/kpistat OUTDIR
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

kp, out = os.path.abspath(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for old in os.listdir(out):
    if old.endswith(".png"):
        os.remove(os.path.join(out, old))
tmp = tempfile.mkdtemp(prefix="kpistat-browser.")
env = dict(os.environ, KPISTAT_DB=os.path.join(tmp, "kp.db"), USER="tester")
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
failures = []


def kpistat(*args, stdin=None):
    subprocess.run([kp, *args], env=env, input=stdin, text=True, check=True,
                   stdout=subprocess.DEVNULL)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


kpistat("init")
kpistat("catalog", "load", os.path.join(root, "tests/fixtures/cycle.yaml"))
with open(os.path.join(tmp, "h.csv"), "w") as f:
    f.write("metric,period,value\npermits.review_days,2026-10,4.6\n"
            "permits.within_5_days,2026-10,93\nfire.lift_assists,2026-11,180\n")
kpistat("import", os.path.join(tmp, "h.csv"), "--by", "steward")
kpistat("call", "open", "--program", "tulstat", "--period", "2026-11", "--due", "2026-12-05")
kpistat("meeting", "add", "--program", "tulstat", "--period", "2026-10", "--date", "2026-11-10")
kpistat("action", "add", "--meeting", "1", "--owner", "Pat Smith", "--due", "2026-12-01",
        "--metric", "permits.review_days", "--done-when", "backlog under 20 files",
        "Clear the permit backlog")
for name, role, dept in (("Pat Smith", "department", "dev"), ("perf.office", "office", None)):
    kpistat("user", "add", name, "--role", role, *(["--department", dept] if dept else []))
    kpistat("user", "passwd", name, stdin=name + " long password\n")

server = subprocess.Popen([kp, "serve", "--listen", "127.0.0.1:0"], env=env,
                          stderr=subprocess.PIPE, text=True)
driver = None
try:
    line = server.stderr.readline()
    port = re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1)
    base = "http://127.0.0.1:" + port
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)

    def shot(name):
        for label, w, h in (("phone", 390, 1400), ("desktop", 1280, 1000)):
            driver.set_window_size(w, h)
            driver.save_screenshot(os.path.join(out, f"{name}-{label}.png"))

    def go(el):
        """Click what loads a new page and wait until it has: a click returns before the
        browser has swapped pages when the server is slow (a loaded CI machine), and reading
        the old page's elements then fails as stale or reads the page before."""
        old = driver.find_element(By.TAG_NAME, "html")
        el.click()
        WebDriverWait(driver, 30).until(expected_conditions.staleness_of(old))

    def login(name):
        driver.get(base + "/login")
        driver.find_element(By.ID, "name").send_keys(name)
        driver.find_element(By.ID, "password").send_keys(name + " long password")
        go(driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))

    login("Pat Smith")
    check(driver.current_url.endswith("/figures"), "department head lands on My figures")
    shot("1-figures")
    days = driver.find_element(By.ID, "v-permits.review_days")
    pct = driver.find_element(By.ID, "v-permits.within_5_days")
    days.send_keys("4,2x")
    pct.send_keys("85%")
    go(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    err = driver.find_element(By.ID, "ev-permits.review_days").text
    check("bad value '4,2x'" in err, "invalid value explained next to its field: " + err)
    check(driver.find_element(By.ID, "v-permits.review_days").get_attribute("value") == "4,2x",
          "what was typed is kept")
    check(driver.find_element(By.ID, "v-permits.review_days").get_attribute("aria-describedby")
          == "ev-permits.review_days", "error tied to its field (aria-describedby)")
    check("off target" in driver.find_element(By.ID, "ec-permits.within_5_days").text,
          "off-target figure asks for commentary")
    shot("2-errors")
    days = driver.find_element(By.ID, "v-permits.review_days")
    days.clear()
    days.send_keys("4.2")
    driver.find_element(By.ID, "c-permits.within_5_days").send_keys(
        "Two reviewers on leave in November; a contractor starts 1 December.")
    go(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    body = driver.find_element(By.TAG_NAME, "main").text
    check("Saved. What the store now holds is shown below." in body, "confirmation shown")
    check("Saved: 4.2." in body and "Saved: 85. Commentary saved." in body,
          "what was saved is listed")
    shot("3-saved")
    go(driver.find_element(By.LINK_TEXT, "Follow-ups"))
    driver.find_element(By.ID, "status-1").send_keys("Done")
    go(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    check("Done needs evidence" in driver.find_element(By.ID, "eevidence-1").text,
          "done without evidence refused next to the evidence box")
    shot("4-followup-error")
    driver.find_element(By.ID, "evidence-1").send_keys("Backlog at 12 files on 28 November")
    go(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    check("Saved: F-1 updated." in driver.find_element(By.TAG_NAME, "main").text,
          "follow-up closed with evidence")
    go(driver.find_element(By.CSS_SELECTOR, "header button"))
    login("perf.office")
    check(driver.current_url.endswith("/call"), "office lands on the data call")
    table = driver.find_element(By.TAG_NAME, "table").text
    check(re.search(r"Development Services\s+Pat Smith\s+2 of 2\s+submitted", table) is not None,
          "data call shows the department submitted")
    check(re.search(r"Public Works\s+Kevin O.Connell\s+0 of 1\s+missing", table) is not None,
          "data call shows the missing department")
    driver.find_element(By.LINK_TEXT, "Fire Department").click()
    check(driver.current_url.endswith("#d-tulstat-fire"), "department link goes to its figures")
    shot("5-call")
    # The office keys in the missing department's figure, from the data call.
    go(driver.find_element(By.XPATH, "//h3[@id='d-tulstat-pw']/following-sibling::p[1]/a"))
    check(driver.find_element(By.TAG_NAME, "h1").text == "Figures of Public Works",
          "office's figures page names the department")
    driver.find_element(By.ID, "v-pw.missed_pickups").send_keys("4.8")
    go(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    check("Saved: 4.8." in driver.find_element(By.TAG_NAME, "main").text,
          "office's entry for the department saved")
    shot("6-office-figures")
    go(driver.find_element(By.LINK_TEXT, "Data call"))
    table = driver.find_element(By.TAG_NAME, "table").text
    check(re.search(r"Public Works\s+Kevin O.Connell\s+1 of 1\s+submitted", table) is not None,
          "data call shows the office's entry")
    driver.get(base + "/status")
    shot("7-status")
finally:
    if driver is not None:
        driver.quit()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    subprocess.run(["rm", "-rf", tmp])

print(f"browser test: {len(failures)} failed; screenshots in {out}")
sys.exit(1 if failures else 0)
