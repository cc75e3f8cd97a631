export function Logo({ className = '' }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 32 32" className="h-7 w-7" aria-hidden>
        <rect width="32" height="32" rx="8" className="fill-indigo-600" />
        <path d="M12 9.5v13l11-6.5z" className="fill-white" />
      </svg>
      Clipwright
    </span>
  );
}
