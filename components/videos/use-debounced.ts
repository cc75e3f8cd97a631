'use client';
import { useEffect, useState } from 'react';

/**
 * `value` once it has stopped changing for `ms`. Compared by JSON so a new
 * object with the same content does not restart the wait (form state is
 * rebuilt on every keystroke).
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
    // `key` stands for `value`: same content, same debounce.
  }, [key, ms]);
  return settled;
}
