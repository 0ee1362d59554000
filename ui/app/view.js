// What every screen uses to talk to the user: the message line, and lists
// re-rendered without losing the keyboard focus.

import * as i18n from "../lib/i18n.js";
import { t } from "../lib/i18n.js";
import { errorText } from "../lib/logic.js";
import { $ } from "./dom.js";

export function toast(text) {
  $("toast-text").textContent = text;
  $("toast").hidden = !text;
}

export function toastError(err) {
  toast(errorText(t, i18n.has, err));
}

export function initToast() {
  $("toast-close").addEventListener("click", () => toast(""));
}

// A form's error line: `text` makes its sentence in the current language, so
// switching language rewords an error on screen instead of leaving it in the
// language it was shown in. `null` hides the line.
const fieldErrors = new Map();

export function fieldError(node, text) {
  if (!text) {
    fieldErrors.delete(node);
    node.textContent = "";
    node.hidden = true;
    return;
  }
  fieldErrors.set(node, text);
  node.textContent = text();
  node.hidden = false;
}

/** Rewords every error line on screen (after a language switch). */
export function retranslateFieldErrors() {
  for (const [node, text] of fieldErrors) {
    if (!node.isConnected) fieldErrors.delete(node);
    else if (!node.hidden) node.textContent = text();
  }
}

// Re-rendering a list must not drop the keyboard focus: the element with the
// same test id under the same keyed row gets it back.
const FOCUS_FALLBACK = { "chapter-down": "chapter-up", "chapter-up": "chapter-down", "clock-apply": "clock-change", "clock-input": "clock-change", "chapter-rename-input": "chapter-rename" };

export function keepFocus(container, render) {
  const a = document.activeElement;
  let key = null;
  let id = null;
  if (a && container.contains(a)) {
    const row = a.closest("[data-key]");
    key = row ? row.dataset.key : null;
    id = a.dataset.testid || null;
  }
  render();
  if (!id) return;
  const rows = key === null ? [container] : [...container.querySelectorAll("[data-key]")].filter((r) => r.dataset.key === key);
  const usable = (n) => !n.disabled && !n.hidden && n.offsetParent !== null;
  for (const r of rows) {
    const target = [...r.querySelectorAll(`[data-testid="${id}"]`)].find(usable)
      || [...r.querySelectorAll(`[data-testid="${FOCUS_FALLBACK[id]}"]`)].find(usable)
      || [...r.querySelectorAll("button, input, select, textarea")].find(usable);
    if (target) { target.focus(); return; }
  }
}
