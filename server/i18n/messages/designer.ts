// Texts of serving the browser app (server/http/designer.ts) when it has not been built.
import { defineMessages } from '../define.js';

export const designer = defineMessages({
  'designer.notBuilt.log': {
    es: 'La aplicación del navegador no está compilada en {dir}: ejecute {command} para servirla en /.',
    en: 'The browser app is not built in {dir}: run {command} to serve it at /.',
  },
  'designer.notBuilt.title': { es: 'Oficio: falta compilar la aplicación', en: 'Oficio: the app is not built' },
  'designer.notBuilt.body': {
    es: 'El servidor está en marcha, pero la aplicación del navegador no se ha compilado. Ejecute {command} en la carpeta de Oficio y recargue esta página.',
    en: "The server is running, but the browser app has not been built. Run {command} in Oficio's folder and reload this page.",
  },
});
