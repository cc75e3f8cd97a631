import { LibraryPage } from '@/components/library/library-page';

export const metadata = { title: 'Library' };

export default function Library() {
  return <LibraryPage />;
}
