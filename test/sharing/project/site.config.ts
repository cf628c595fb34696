import { defineConfig } from 'galley';

export default defineConfig({
  site: { title: 'Sharing case', description: 'What a shared link of this site shows.', baseUrl: 'https://galley.example/notes/' },
  sharing: { twitter: '@galleyproof' },
});
