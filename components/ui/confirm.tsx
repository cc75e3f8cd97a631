'use client';
/**
 * In-app confirmation instead of the browser's `confirm()`: a modal <dialog>
 * (focus trapped, Escape cancels, the page behind it inert) in the app's own
 * look, with the action named on its button. `useConfirm()` returns a
 * function that opens it and resolves to whether the user confirmed.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { Button } from './button';

export interface ConfirmOptions {
  title: string;
  description?: React.ReactNode;
  /** The button's label: the action itself ("Delete video"), never "OK". */
  confirmLabel: string;
  destructive?: boolean;
}

type Pending = ConfirmOptions & { resolve: (ok: boolean) => void };

const ConfirmContext = createContext<((options: ConfirmOptions) => Promise<boolean>) | null>(null);

export function useConfirm(): (options: ConfirmOptions) => Promise<boolean> {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm() needs a <ConfirmProvider> above it');
  return confirm;
}

export function ConfirmProvider({ children }: { children: React.ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);

  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        opener.current = document.activeElement;
        setPending({ ...options, resolve });
      }),
    [],
  );

  useEffect(() => {
    const el = dialog.current;
    if (pending && el && !el.open) el.showModal();
  }, [pending]);

  const settle = (ok: boolean) => {
    if (!pending) return;
    pending.resolve(ok);
    setPending(null);
    dialog.current?.close();
    // Back to the button that asked, as the browser's confirm() does.
    if (opener.current instanceof HTMLElement) opener.current.focus();
  };

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <dialog
        ref={dialog}
        aria-labelledby="confirm-title"
        aria-describedby={pending?.description ? 'confirm-description' : undefined}
        data-testid="confirm-dialog"
        // Escape (the cancel event) and a click on the backdrop both mean no.
        onCancel={(e) => {
          e.preventDefault();
          settle(false);
        }}
        onClick={(e) => e.target === e.currentTarget && settle(false)}
        className="w-[calc(100%-2rem)] max-w-md rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40 backdrop:backdrop-blur-sm"
      >
        {pending && (
          <div className="p-6">
            <h2 id="confirm-title" className="text-base font-semibold text-slate-900">
              {pending.title}
            </h2>
            {pending.description && (
              <div id="confirm-description" className="mt-2 text-sm text-slate-600">
                {pending.description}
              </div>
            )}
            <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={() => settle(false)} autoFocus>
                Cancel
              </Button>
              <Button variant={pending.destructive ? 'destructive' : 'default'} onClick={() => settle(true)}>
                {pending.confirmLabel}
              </Button>
            </div>
          </div>
        )}
      </dialog>
    </ConfirmContext.Provider>
  );
}
