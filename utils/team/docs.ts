/** Team database documents: ids, ownership and the server's validation function. */

export { annotationDocId as annotationId, clippingDocId as clippingId } from './names';

/**
 * Source of the team database's `validate_doc_update` (CouchDB 3 JavaScript query server, ES5).
 * Members only; an annotation may be written or deleted only by the owner its id and `owner` name;
 * any other id prefix or shape is refused. Server admins (`_admin`) pass, so the set-up can repair.
 */
export const validateDocUpdateSource = `function (newDoc, oldDoc, userCtx, secObj) {
  var roles = userCtx.roles || [];
  if (roles.indexOf('_admin') !== -1) return;
  var members = (secObj && secObj.members) || {};
  var names = members.names || [];
  var memberRoles = members.roles || [];
  var isMember = names.indexOf(userCtx.name) !== -1;
  for (var i = 0; i < roles.length; i++) if (memberRoles.indexOf(roles[i]) !== -1) isMember = true;
  if (!userCtx.name || !isMember) throw({ unauthorized: 'Only members of this team may write.' });
  var id = newDoc._id;
  if (typeof id !== 'string') throw({ forbidden: 'A document needs an id.' });
  if (id.indexOf('_design/') === 0) throw({ forbidden: 'Only an admin may change design documents.' });
  if (id.indexOf('annotation:') === 0) {
    var parts = id.split(':');
    if (parts.length !== 3 || parts[1] !== userCtx.name) throw({ forbidden: 'An annotation may be written only by its owner.' });
    if (oldDoc && oldDoc.owner !== userCtx.name) throw({ forbidden: 'An annotation may be written only by its owner.' });
    if (newDoc._deleted) return;
    if (newDoc.type !== 'annotation' || newDoc.owner !== userCtx.name || newDoc.postId !== parts[2]) {
      throw({ forbidden: 'An annotation needs type, owner and postId matching its id.' });
    }
    return;
  }
  if (id.indexOf('clipping:') === 0) {
    if (newDoc._deleted) throw({ forbidden: 'Clippings are not deleted from the team library.' });
    if (newDoc.type !== 'clipping' || newDoc.postId !== id.slice(9) || typeof newDoc.contributor !== 'string') {
      throw({ forbidden: 'A clipping needs type, postId matching its id and a contributor.' });
    }
    return;
  }
  throw({ forbidden: 'Unknown kind of document.' });
}`;

export const designDocId = '_design/team';

export function designDoc(): { _id: string; validate_doc_update: string } {
  return { _id: designDocId, validate_doc_update: validateDocUpdateSource };
}

/** The `_security` object: admins by name, members by name (filled by add-member). */
export function securityObject(admin: string, members: readonly string[]): object {
  return { admins: { names: [admin], roles: [] }, members: { names: [...members], roles: [] } };
}

/** The `_users` document that creates a member's login; the server hashes the password. */
export function userDoc(user: string, password: string): { _id: string; name: string; type: 'user'; roles: string[]; password: string } {
  return { _id: `org.couchdb.user:${user}`, name: user, type: 'user', roles: [], password };
}
