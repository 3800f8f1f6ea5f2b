import { type PublicVehicle, type SearchReply, type WidgetApi, WidgetApiError } from "./api";
import type { WidgetConfig } from "./config";
import { h } from "./dom";
import { describeTerm } from "./filters";
import { safeUrl, vehicleFacts, vehicleTitle } from "./format";
import type { ChatEvent } from "./sse";
import { CSS as STYLES } from "./styles";

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>';

type CardVehicle = Pick<PublicVehicle, "id" | "year" | "make" | "model" | "trim" | "price" | "mileage"> &
  Partial<Pick<PublicVehicle, "photos" | "sourceUrl">>;

/** A vehicle as a card; a link to its page on the dealer's site when it has one. */
function vehicleCard(v: CardVehicle): HTMLLIElement {
  const li = h("li", { class: "card", "data-vehicle-id": v.id });
  const fill = (full: CardVehicle) => {
    const photo = safeUrl(full.photos?.[0]);
    const inner = [
      photo ? h("img", { src: photo, alt: "", loading: "lazy" }) : null,
      h(
        "span",
        {},
        h("span", { class: "title" }, vehicleTitle(full)),
        h("span", { class: "facts" }, vehicleFacts(full)),
      ),
    ];
    const href = safeUrl(full.sourceUrl);
    li.replaceChildren(href ? h("a", { href }, ...inner) : h("div", { class: "body" }, ...inner));
  };
  fill(v);
  return li;
}

function errorText(err: unknown): string {
  if (err instanceof WidgetApiError) {
    return err.requestId ? `${err.message} (reference ${err.requestId})` : err.message;
  }
  return "Something went wrong; please try again.";
}

/**
 * Builds the widget in `host`'s shadow root: a launcher button and a panel with two tabs, inventory search
 * (natural language, the recognised filters shown as chips) and the chat assistant (streamed answer,
 * cited vehicles as cards). Keyboard: Esc closes, arrow keys switch tabs, Enter sends (Shift+Enter: new line).
 */
export function mountWidget(host: HTMLElement, config: WidgetConfig, api: WidgetApi): ShadowRoot {
  const root = host.attachShadow({ mode: "open" });
  const style = h("style", {}, STYLES);

  const launcher = h("button", {
    type: "button",
    class: "launcher",
    "aria-expanded": "false",
    "aria-controls": "fc-panel",
  });
  launcher.innerHTML = ICON;
  launcher.append("Search & ask");

  const close = h("button", { type: "button", class: "close", "aria-label": "Close" }, "×");
  const tabSearch = h(
    "button",
    {
      type: "button",
      role: "tab",
      class: "tab",
      id: "fc-tab-search",
      "aria-selected": "true",
      "aria-controls": "fc-search",
    },
    "Search",
  );
  const tabChat = h(
    "button",
    {
      type: "button",
      role: "tab",
      class: "tab",
      id: "fc-tab-chat",
      "aria-selected": "false",
      "aria-controls": "fc-chat",
      tabindex: "-1",
    },
    "Ask a question",
  );

  // Search pane.
  const q = h("input", {
    id: "fc-q",
    type: "search",
    maxlength: 500,
    autocomplete: "off",
    placeholder: "e.g. AWD SUV under $30k, low miles",
  });
  const searchGo = h("button", { type: "submit", class: "go" }, "Search");
  const searchForm = h(
    "form",
    { role: "search", "aria-label": "Inventory" },
    h("label", { for: "fc-q" }, "Describe the car you want"),
    h("div", { class: "row" }, q, searchGo),
  );
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  const searchAlert = h("p", { class: "alert", role: "alert", hidden: true });
  const chips = h("ul", { class: "chips", "aria-label": "Understood as", hidden: true });
  const results = h("ul", { class: "cards", "aria-label": "Matching vehicles" });
  const paneSearch = h(
    "div",
    { class: "pane", role: "tabpanel", id: "fc-search", "aria-labelledby": "fc-tab-search" },
    searchForm,
    status,
    searchAlert,
    chips,
    h("div", { class: "scroll" }, results),
  );

  // Chat pane.
  const log = h("div", {
    class: "log",
    role: "log",
    "aria-live": "polite",
    "aria-label": "Conversation",
  });
  const chatScroll = h("div", { class: "scroll" }, log);
  const m = h("textarea", { id: "fc-m", rows: 2, maxlength: 2000 });
  const chatGo = h("button", { type: "submit", class: "go" }, "Send");
  const chatForm = h(
    "form",
    { "aria-label": "Ask the assistant" },
    h("label", { for: "fc-m" }, "Your question"),
    h("div", { class: "row" }, m, chatGo),
  );
  const paneChat = h(
    "div",
    { class: "pane", role: "tabpanel", id: "fc-chat", "aria-labelledby": "fc-tab-chat", hidden: true },
    chatScroll,
    h("p", { class: "hint" }, "Answers come from this dealership's current listings."),
    chatForm,
  );

  const panel = h(
    "section",
    { class: "panel", id: "fc-panel", role: "dialog", "aria-labelledby": "fc-title", hidden: true },
    h("div", { class: "head" }, h("h2", { id: "fc-title" }, config.title), close),
    h("div", { class: "tabs", role: "tablist", "aria-label": "Mode" }, tabSearch, tabChat),
    paneSearch,
    paneChat,
  );
  const fc = h("div", { class: "fc" }, launcher, panel);
  root.append(style, fc);
  followVisualViewport(fc);

  // Open, close, tabs.
  const setOpen = (open: boolean, moveFocus = true) => {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    if (!moveFocus) return;
    if (open) (tabChat.getAttribute("aria-selected") === "true" ? m : q).focus();
    else launcher.focus();
  };
  const select = (tab: "search" | "chat", focusTab = false) => {
    const chat = tab === "chat";
    tabSearch.setAttribute("aria-selected", String(!chat));
    tabChat.setAttribute("aria-selected", String(chat));
    tabSearch.tabIndex = chat ? -1 : 0;
    tabChat.tabIndex = chat ? 0 : -1;
    paneSearch.hidden = chat;
    paneChat.hidden = !chat;
    if (focusTab) (chat ? tabChat : tabSearch).focus();
  };
  launcher.addEventListener("click", () => setOpen(panel.hidden));
  close.addEventListener("click", () => setOpen(false));
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      setOpen(false);
    }
  });
  tabSearch.addEventListener("click", () => select("search"));
  tabChat.addEventListener("click", () => select("chat"));
  for (const tab of [tabSearch, tabChat]) {
    tab.addEventListener("keydown", (e) => {
      if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) {
        e.preventDefault();
        const toChat = e.key === "End" || (e.key !== "Home" && tab === tabSearch);
        select(toChat ? "chat" : "search", true);
      }
    });
  }

  // Search.
  let searching: AbortController | null = null;
  const showSearch = (reply: SearchReply) => {
    chips.replaceChildren(
      ...reply.parsed.recognized.map((t) =>
        h("li", { class: "chip", title: `from “${t.text}”` }, describeTerm(t)),
      ),
    );
    chips.hidden = reply.parsed.recognized.length === 0;
    results.replaceChildren(...reply.results.map((r) => vehicleCard(r.vehicle)));
    const n = reply.results.length;
    status.textContent =
      n === 0
        ? "No vehicles match. Try fewer or different words."
        : `${n} vehicle${n === 1 ? "" : "s"} found${reply.mode === "structured" ? " (matching the filters only)" : ""}.`;
  };
  searchForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = q.value.trim();
    if (!text) {
      status.textContent = "Type what you are looking for first.";
      q.focus();
      return;
    }
    searching?.abort();
    const ctl = new AbortController();
    searching = ctl;
    searchAlert.hidden = true;
    status.textContent = "Searching…";
    results.setAttribute("aria-busy", "true");
    api
      .search(text, ctl.signal)
      .then(showSearch, (err: unknown) => {
        if ((err as Error).name === "AbortError") return;
        status.textContent = "";
        searchAlert.textContent = errorText(err);
        searchAlert.hidden = false;
      })
      .finally(() => {
        if (searching === ctl) results.removeAttribute("aria-busy");
      });
  });

  // Chat.
  let conversationId: string | null = null;
  let answering = false;
  const send = () => {
    const text = m.value.trim();
    if (!text || answering) return;
    answering = true;
    chatGo.disabled = true;
    m.value = "";
    log.append(h("div", { class: "msg user" }, h("span", { class: "sr" }, "You: "), text));
    const body = h("p", { class: "text" });
    const cards = h("ul", { class: "cards", "aria-label": "Vehicles mentioned", hidden: true });
    const note = h("p", { class: "note", hidden: true });
    const alert = h("p", { class: "alert", role: "alert", hidden: true });
    const bubble = h(
      "div",
      { class: "msg bot", "aria-busy": "true" },
      h("span", { class: "sr" }, "Assistant: "),
      body,
      cards,
      note,
      alert,
    );
    body.textContent = "…";
    log.append(bubble);
    let started = false;
    let finished = false;
    let raw = "";
    const scroll = () => {
      chatScroll.scrollTop = chatScroll.scrollHeight;
    };
    const fail = (message: string) => {
      alert.textContent = message;
      alert.hidden = false;
    };
    const onEvent = (ev: ChatEvent) => {
      switch (ev.type) {
        case "meta":
          conversationId = ev.conversationId;
          break;
        case "text":
          started = true;
          raw += ev.delta;
          // The [veh_…] citation markers are for machines; shoppers see the cards instead.
          body.textContent = raw.replace(/\s?\[veh_[0-9a-z]+\]/g, "");
          break;
        case "citation": {
          if (cards.querySelector(`[data-vehicle-id="${CSS.escape(ev.vehicleId)}"]`)) break;
          const card = vehicleCard({ ...ev, id: ev.vehicleId });
          cards.append(card);
          cards.hidden = false;
          void api.vehicle(ev.vehicleId).then((full) => {
            if (full) card.replaceWith(vehicleCard(full));
          });
          break;
        }
        case "error":
          fail(ev.message);
          break;
        case "done":
          finished = true;
          if (ev.withheld > 0) {
            note.textContent = `${ev.withheld} sentence${ev.withheld === 1 ? " was" : "s were"} left out because ${ev.withheld === 1 ? "it" : "they"} could not be checked against the listings.`;
            note.hidden = false;
          }
          break;
      }
      scroll();
    };
    api
      .chat(text, conversationId, onEvent)
      .then(() => {
        if (!finished && alert.hidden) fail("The answer was cut off; please ask again.");
      })
      .catch((err: unknown) => fail(errorText(err)))
      .finally(() => {
        if (!started) body.textContent = alert.hidden ? "No answer." : "";
        bubble.removeAttribute("aria-busy");
        answering = false;
        chatGo.disabled = false;
        // Back to the question box, unless the shopper has moved on (a card link, the host page).
        const at = document.activeElement;
        const inner = at === host ? root.activeElement : null;
        const idle =
          at === null ||
          at === document.body ||
          (at === host && (inner === null || inner === m || inner === chatGo));
        if (!panel.hidden && idle) m.focus();
      });
  };
  chatForm.addEventListener("submit", (e) => {
    e.preventDefault();
    send();
  });
  m.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });

  if (config.open) setOpen(true, false); // never steal focus on page load
  return root;
}

/**
 * Keeps the widget in the part of the page the user sees. Fixed positioning is relative to the layout
 * viewport, which on phones grows to the page's width when the host page overflows; the visual viewport
 * is what is on screen. Narrow screens (≤ 640 px visible) get the full-screen panel.
 */
function followVisualViewport(fc: HTMLElement) {
  const vv = window.visualViewport;
  const place = () => {
    const width = vv?.width ?? window.innerWidth;
    fc.toggleAttribute("data-narrow", width <= 640);
    if (!vv) return;
    const px = (n: number) => `${Math.max(0, Math.round(n))}px`;
    fc.style.setProperty("--vl", px(vv.offsetLeft));
    fc.style.setProperty("--vt", px(vv.offsetTop));
    fc.style.setProperty("--vw", px(vv.width));
    fc.style.setProperty("--vh", px(vv.height));
    fc.style.setProperty("--vr", px(window.innerWidth - vv.offsetLeft - vv.width));
    fc.style.setProperty("--vb", px(window.innerHeight - vv.offsetTop - vv.height));
  };
  place();
  vv?.addEventListener("resize", place);
  vv?.addEventListener("scroll", place);
  window.addEventListener("resize", place);
}
