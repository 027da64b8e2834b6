"""A loopback JavaScript tariff app, shaped like tele2.kz/altel.kz: an empty HTML shell whose
script fetches a JSON tariff API and builds the cards client-side, with hashed class names.

    serve_js_app(srv)       # routes /robots.txt, /tariffs, /static/app.<hash>.js, /api/..., ...

The shell alone holds no tariff: a plain GET sees nothing; a browser sees the cards.
"""

from __future__ import annotations

import json
from typing import Any

from tests.httpserver import Reply, TestServer

SHELL_PATH = "/tariffs"
SCRIPT_PATH = "/static/app.7f3a9c.js"
API_PATH = "/apigw/v1/tariffs?lang=ru"
TRACKER_PATH = "/private/track"  # robots.txt disallows it: the browser must not request it
IMAGE_PATH = "/img/hero.png"  # images are never loaded
GRAPHQL_PATH = "/graphql"  # one URL, two POSTed queries: both replies must be kept
GRAPHQL_REPLIES = (
    b'{"data": {"balances": [{"origin_amount": 25, "origin_type": "GIGA_BYTES",'
    b' "type_billing": "DATA"}]}}',
    b'{"data": {"offers": []}}',
)

TARIFFS: list[dict[str, Any]] = [
    {
        "title": "Мой Старт",
        "price": {"amount": 2990, "currency": "KZT", "period": "MONTH"},
        "features": [
            {"title": "Интернет", "value": "25 ГБ"},
            {"title": "Звонки на Tele2", "value": "безлимитно"},
            {"title": "SMS", "value": "100 SMS"},
        ],
    },
    {
        "title": "Мой Онлайн",
        "price": {"amount": 4490, "currency": "KZT", "period": "MONTH"},
        "features": [
            {"title": "Интернет", "value": "60 ГБ"},
            {"title": "Звонки на Tele2", "value": "безлимитно"},
            {"title": "Звонки на другие сети", "value": "300 мин"},
        ],
    },
]

SHELL = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Тарифы</title></head>
<body><div id="root"><main class="m-a81c2"></main></div>
<img src="{IMAGE_PATH}">
<script src="{SCRIPT_PATH}"></script></body></html>
"""

# Class names change with every build of the real sites: nothing should select on them.
SCRIPT = f"""
const graphql = q => fetch("{GRAPHQL_PATH}", {{
  method: "POST", headers: {{"content-type": "application/json"}},
  body: JSON.stringify({{query: "{{ " + q + " }}"}})}}).then(r => r.json());
fetch("{TRACKER_PATH}").catch(() => null);
fetch("{API_PATH}", {{headers: {{"operatorType": "TELE2", "clientType": "WEB"}}}})
  .then(r => r.json())
  .then(d => {{
    const main = document.querySelector("main");
    for (const t of d.data.tariffs) {{
      const card = document.createElement("article");
      card.className = "c-9f2e1b";
      const h = document.createElement("h3");
      h.className = "t-x81ka";
      h.textContent = t.title;
      card.appendChild(h);
      const p = document.createElement("p");
      p.className = "p-q7d3";
      p.textContent = "Абонентская плата " + t.price.amount + " ₸ в месяц";
      card.appendChild(p);
      const ul = document.createElement("ul");
      for (const f of t.features) {{
        const li = document.createElement("li");
        li.textContent = f.title + ": " + f.value;
        ul.appendChild(li);
      }}
      card.appendChild(ul);
      main.appendChild(card);
    }}
    return graphql("balances").then(() => graphql("offers"));  // one after the other
  }})
  .then(() => document.body.setAttribute("data-ready", "1"));
"""


def api_body(tariffs: list[dict[str, Any]] | None = None) -> bytes:
    doc = {"status": "ok", "data": {"tariffs": TARIFFS if tariffs is None else tariffs}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def serve_js_app(srv: TestServer) -> str:
    """Route the app on `srv`; returns the shell's URL."""
    srv.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private\n"))
    srv.route(SHELL_PATH, Reply.html(SHELL))
    srv.route(SCRIPT_PATH, Reply(body=SCRIPT.encode(), headers={"Content-Type": "text/javascript"}))
    srv.route(
        API_PATH,
        Reply(body=api_body(), headers={"Content-Type": "application/json; charset=utf-8"}),
    )
    srv.route(
        GRAPHQL_PATH,
        *(Reply(body=b, headers={"Content-Type": "application/json"}) for b in GRAPHQL_REPLIES),
    )
    srv.route(TRACKER_PATH, Reply(body=b"{}", headers={"Content-Type": "application/json"}))
    srv.route(IMAGE_PATH, Reply(body=b"\x89PNG", headers={"Content-Type": "image/png"}))
    return srv.url(SHELL_PATH)
