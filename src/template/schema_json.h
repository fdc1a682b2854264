#ifndef VF_TEMPLATE_SCHEMA_JSON_H
#define VF_TEMPLATE_SCHEMA_JSON_H

/* The template format as a JSON Schema (draft 2020-12) document, generated
 * from the key tables. Returns a string the caller frees with free(), or NULL
 * on out of memory. */
char *vf_schema_json(void);

#endif
