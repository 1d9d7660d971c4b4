# examples.cmake — run by the build: joins the tutorial's questions
# (DIR/*.mq, in name order) into OUT for the page of `maillage serve`.
# Each file is preceded by a line "\f NAME" (a form feed, the file name);
# src/serve/page.c splits them and reads each file's first comment line
# as its title.  Usage: cmake -DOUT=... -DDIR=... -P examples.cmake
file(GLOB files "${DIR}/*.mq")
list(SORT files)
string(ASCII 12 ff)
set(out "")
foreach(f ${files})
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" text)
  string(APPEND out "${ff} ${name}\n${text}")
endforeach()
file(WRITE "${OUT}.tmp" "${out}")
file(RENAME "${OUT}.tmp" "${OUT}")
