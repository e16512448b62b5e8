import { useEffect, useRef } from 'react';

interface Handlers {
  /** Alt+1…9, Alt+0: the sidebar's first ten sections. */
  section: (index: number) => void;
  /** Alt+N: a new draft. */
  newDraft: () => void;
  /** `?` outside text fields: the shortcut list. */
  help: () => void;
}

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** The shell's global keyboard shortcuts (screens add their own: Ctrl+S, Ctrl+Enter, /). */
export function useShortcuts(handlers: Handlers): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^Digit[0-9]$/.test(event.code)) {
        event.preventDefault();
        const digit = Number(event.code.slice(5));
        current.current.section(digit === 0 ? 9 : digit - 1);
      } else if (event.altKey && event.code === 'KeyN') {
        event.preventDefault();
        current.current.newDraft();
      } else if (event.key === '?' && !typing(event.target)) {
        event.preventDefault();
        current.current.help();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Ctrl/Cmd + key while this screen is shown (e.g. Ctrl+S to save). */
export function useCtrlKey(key: string, action: () => void): void {
  const current = useRef(action);
  current.current = action;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === key.toLowerCase()) {
        event.preventDefault();
        current.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key]);
}
