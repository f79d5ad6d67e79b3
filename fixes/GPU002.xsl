<?xml version="1.0" encoding="UTF-8"?>
<!-- GPU002 video-accel3d: <acceleration accel3d='yes'/> on the primary virtio
     video, plus a GL display when the domain has none (else QEMU cannot
     create virtio-gpu-gl: GPU005).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- The primary video (first primary='yes', else the first), virtio. -->
  <xsl:template match="devices/video/model[@type='virtio']">
    <xsl:variable name="primary" select="(../../video[model/@primary='yes'] | ../../video[not(../video/model/@primary='yes')])[1]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:choose>
        <xsl:when test="count(.. | $primary) != 1">
          <xsl:apply-templates select="node()"/>
        </xsl:when>
        <xsl:when test="acceleration">
          <xsl:apply-templates select="node()" mode="accel"/>
        </xsl:when>
        <xsl:otherwise>
          <!-- The schema wants acceleration before resolution. -->
          <acceleration accel3d="yes"/>
          <xsl:apply-templates select="node()"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@*|node()" mode="accel">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="acceleration[1]" mode="accel">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="accel3d">yes</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- ===== A GL display for virtio-gpu-gl (shared by GPU002 and GPU005) =====
       Nothing changes when the domain has one (egl-headless, or spice, sdl or
       dbus with <gl enable='yes'/>). Else: a local SPICE display (listen
       none or socket), SDL or D-Bus display gets <gl enable='yes'/>; with
       only VNC or a TCP SPICE (which GL cannot serve), an egl-headless
       display is added (libvirt allows it next to VNC and SPICE only), which
       renders for them and keeps remote access; with no display at all, a
       local SPICE <listen type='none'/> with <gl enable='yes'/>. -->
  <xsl:template match="domain/devices[not(graphics[@type='egl-headless'] | graphics[@type='spice' or @type='sdl' or @type='dbus'][gl[1]/@enable='yes'])][not(graphics[(@type='spice' and (listen[1]/@type='none' or listen[1]/@type='socket')) or @type='sdl' or @type='dbus'])]">
    <xsl:variable name="anchor" select="(emulator|disk|controller|lease|filesystem|interface|smartcard|serial|parallel|console|channel|input|tpm|graphics)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <!-- Nothing libvirt writes before graphics: it goes first. -->
      <xsl:if test="not($anchor)">
        <xsl:call-template name="new-gl-display">
          <xsl:with-param name="displays" select="boolean(graphics)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$anchor and count(. | $anchor) = 1">
          <xsl:call-template name="new-gl-display">
            <xsl:with-param name="displays" select="boolean(../graphics)"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-gl-display">
    <xsl:param name="displays"/>
    <xsl:choose>
      <xsl:when test="$displays">
        <graphics type="egl-headless"/>
      </xsl:when>
      <xsl:otherwise>
        <graphics type="spice"><listen type="none"/><gl enable="yes"/></graphics>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The first local SPICE, SDL or D-Bus display of a domain without a GL
       display: it can render with GL itself. -->
  <xsl:template match="domain/devices[not(graphics[@type='egl-headless'] | graphics[@type='spice' or @type='sdl' or @type='dbus'][gl[1]/@enable='yes'])]/graphics[(@type='spice' and (listen[1]/@type='none' or listen[1]/@type='socket')) or @type='sdl' or @type='dbus'][1]">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()" mode="gl-on"/>
      <xsl:if test="not(gl)">
        <gl enable="yes"/>
      </xsl:if>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@*|node()" mode="gl-on">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="gl[1]" mode="gl-on">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:attribute name="enable">yes</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
