// Texts of the store (server/store): its refusals as a person reads them, and what an operator reads
// when the MongoDB store cannot be opened.
import { defineMessages } from '../define.js';

export const store = defineMessages({
  'store.unavailable': {
    es: 'El almacén de datos no respondió; intente de nuevo en un momento. El equipo de TI ya quedó avisado en la bitácora.',
    en: 'The data store did not answer; try again in a moment. It was written to the server log for IT.',
  },
  'store.badQuery': {
    es: 'La página o el filtro pedidos no se pueden usar; vuelva a la primera página.',
    en: 'The page or filter asked for cannot be used; go back to the first page.',
  },
  'store.mongodb.invalidUri': {
    es: 'MONGODB_URI no es una cadena de conexión de MongoDB válida: debe tener la forma mongodb://servidor:27017/oficio?replicaSet=rs0 (o mongodb+srv://…).',
    en: 'MONGODB_URI is not a valid MongoDB connection string: it must look like mongodb://server:27017/oficio?replicaSet=rs0 (or mongodb+srv://…).',
  },
  'store.mongodb.invalidDatabase': {
    es: '«{database}» no puede ser el nombre de una base de datos de MongoDB (hasta 63 caracteres, sin espacios ni / \\ . " $ * < > : | ?).',
    en: '"{database}" cannot be the name of a MongoDB database (up to 63 characters, no spaces nor / \\ . " $ * < > : | ?).',
  },
  'store.mongodb.unreachable': {
    es: 'No se pudo conectar con MongoDB en {address}: ningún servidor respondió a tiempo. Revise MONGODB_URI y que el servidor esté en marcha y accesible desde esta máquina.',
    en: 'Could not connect to MongoDB at {address}: no server answered in time. Check MONGODB_URI and that the server is running and reachable from this machine.',
  },
  'store.mongodb.authFailed': {
    es: 'MongoDB en {address} rechazó el usuario y la contraseña de MONGODB_URI. Revise las credenciales (y authSource si el usuario está definido en otra base).',
    en: 'MongoDB at {address} rejected the user name and password of MONGODB_URI. Check the credentials (and authSource if the user is defined in another database).',
  },
  'store.mongodb.notAuthorized': {
    es: 'El usuario de MONGODB_URI no tiene permiso sobre la base «{database}» en {address}: necesita el rol readWrite en ella.',
    en: 'The user of MONGODB_URI has no rights on the database "{database}" at {address}: it needs the readWrite role on it.',
  },
  'store.mongodb.standalone': {
    es: "MongoDB en {address} es un servidor independiente (standalone) y Oficio necesita un conjunto de réplicas (replica set): cada paso de un proceso se guarda en una transacción, y MongoDB solo tiene transacciones en conjuntos de réplicas. Un solo servidor basta: inícielo con «mongod --replSet rs0», ejecute una vez «mongosh --eval 'rs.initiate()'» y agregue ?replicaSet=rs0 a MONGODB_URI.",
    en: "MongoDB at {address} is a standalone server and Oficio needs a replica set: every step of a process is stored in a transaction, and MongoDB has transactions on replica sets only. One server is enough: start it with `mongod --replSet rs0`, run `mongosh --eval 'rs.initiate()'` once and add ?replicaSet=rs0 to MONGODB_URI.",
  },
  'store.mongodb.notInitiated': {
    es: "MongoDB en {address} se inició como conjunto de réplicas pero el conjunto aún no se ha inicializado: ejecute una vez «mongosh --eval 'rs.initiate()'» en ese servidor y vuelva a intentarlo.",
    en: "MongoDB at {address} was started as a replica set member but the set was never initiated: run `mongosh --eval 'rs.initiate()'` once on that server and try again.",
  },
  'store.mongodb.connectFailed': {
    es: 'No se pudo abrir el almacén MongoDB en {address} (error {code}).',
    en: 'Could not open the MongoDB store at {address} (error {code}).',
  },
});
