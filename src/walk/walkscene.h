/* A walkthrough's inputs from a scene file's [walkthrough NAME] section:
 *
 *   [walkthrough svm]
 *   classes = cat, car, frog
 *   scores  = 3.2 5.1 -1.7 | 1.3 4.9 2.0 | 2.2 2.5 -3.1
 *   labels  = cat, car, frog
 *
 * Other sections are left to the scene (scene/scene.c); keys not given keep
 * the lecture's values. The lines are read by the one reader of the format,
 * scene/sceneread.c; this file holds the walkthrough keys' meaning. */
#ifndef DESCENT_WALKSCENE_H
#define DESCENT_WALKSCENE_H

#include <stddef.h>

#include "walk.h"

/* Reads the section for w's walkthrough from text (file names the messages)
 * and rebuilds w. Returns 0, or -1 with err holding "FILE:LINE:COL: message",
 * the line and a caret (or "FILE:LINE: message" for a mistake found once the
 * section is read, such as a scores table that does not fit the classes);
 * w is unchanged then. */
int walkscene_parse(walk *w, const char *text, const char *file, char *err, size_t errlen);

/* The same, reading the file at path (a regular file, bounded: infile_read). */
int walkscene_load(walk *w, const char *path, char *err, size_t errlen);

#endif
